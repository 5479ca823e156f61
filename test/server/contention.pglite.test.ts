import { pgliteBackend } from '../support/server-backends';
import { contentionSuite } from './suites/contention-suite';

contentionSuite(pgliteBackend);
