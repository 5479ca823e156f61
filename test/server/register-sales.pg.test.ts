import { onPostgres } from '../support/server-backends';
import { registerSalesSuite } from './suites/register-sales-suite';

await onPostgres('register sales', registerSalesSuite);
