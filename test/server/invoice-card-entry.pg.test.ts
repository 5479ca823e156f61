import { onPostgres } from '../support/server-backends';
import { invoiceCardEntrySuite } from './suites/invoice-card-entry-suite';

await onPostgres("the invoice page's card form", invoiceCardEntrySuite);
