import { pgliteBackend } from '../support/server-backends';
import { badInputSuite } from './suites/bad-input-suite';

badInputSuite(pgliteBackend);
