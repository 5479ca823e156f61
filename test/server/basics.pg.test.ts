import { onPostgres } from '../support/server-backends';
import { basicsSuite } from './suites/basics-suite';

await onPostgres('server basics', basicsSuite);
