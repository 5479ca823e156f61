import { onPostgres } from '../support/server-backends';
import { badInputSuite } from './suites/bad-input-suite';

await onPostgres('bad input', badInputSuite);
