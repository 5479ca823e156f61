import { onPostgres } from '../support/server-backends';
import { stripeRacesSuite } from './suites/stripe-races-suite';

await onPostgres('Stripe payment races', stripeRacesSuite);
