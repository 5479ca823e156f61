import { onPostgres } from '../support/server-backends';
import { racesSuite } from './suites/races-suite';

await onPostgres('link races', racesSuite);
