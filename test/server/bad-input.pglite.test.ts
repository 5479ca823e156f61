import { pgliteBackend } from '../support/server-backends';
import { badInputMatrixSuite } from './suites/bad-input-matrix-suite';
import { badInputSuite } from './suites/bad-input-suite';

badInputSuite(pgliteBackend);
badInputMatrixSuite(pgliteBackend);
