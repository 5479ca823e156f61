import { onPostgres } from '../support/server-backends';
import { contentionSuite } from './suites/contention-suite';

await onPostgres('hold contention', contentionSuite);
