import { onPostgres } from '../support/server-backends';
import { eventsSuite } from './suites/events-suite';

await onPostgres('events', eventsSuite);
