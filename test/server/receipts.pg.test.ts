import { onPostgres } from '../support/server-backends';
import { receiptsSuite } from './suites/receipts-suite';

await onPostgres('receipts after payment', receiptsSuite);
