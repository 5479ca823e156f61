import { onPostgres } from '../support/server-backends';
import { expiryClaimsSuite } from './suites/expiry-claims-suite';

await onPostgres('expiry claims', expiryClaimsSuite);
