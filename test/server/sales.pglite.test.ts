import { pgliteBackend } from '../support/server-backends';
import { salesSuite } from './suites/sales-suite';

salesSuite(pgliteBackend);
