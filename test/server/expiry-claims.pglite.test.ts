import { pgliteBackend } from '../support/server-backends';
import { expiryClaimsSuite } from './suites/expiry-claims-suite';

expiryClaimsSuite(pgliteBackend);
