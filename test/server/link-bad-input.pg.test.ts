import { onPostgres } from '../support/server-backends';
import { linkBadInputSuite } from './suites/link-bad-input-suite';

await onPostgres('bad input at the payment-link endpoints', linkBadInputSuite);
