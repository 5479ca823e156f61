import { onPostgres } from '../support/server-backends';
import { salesSuite } from './suites/sales-suite';

await onPostgres('sales', salesSuite);
