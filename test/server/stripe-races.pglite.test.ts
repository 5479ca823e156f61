import { pgliteBackend } from '../support/server-backends';
import { stripeRacesSuite } from './suites/stripe-races-suite';

stripeRacesSuite(pgliteBackend);
