import { pgliteBackend } from '../support/server-backends';
import { receiptsSuite } from './suites/receipts-suite';

receiptsSuite(pgliteBackend);
