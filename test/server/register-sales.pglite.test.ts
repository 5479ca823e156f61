import { pgliteBackend } from '../support/server-backends';
import { registerSalesSuite } from './suites/register-sales-suite';

registerSalesSuite(pgliteBackend);
