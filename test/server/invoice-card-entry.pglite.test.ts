import { pgliteBackend } from '../support/server-backends';
import { invoiceCardEntrySuite } from './suites/invoice-card-entry-suite';

invoiceCardEntrySuite(pgliteBackend);
