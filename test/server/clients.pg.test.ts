import { onPostgres } from '../support/server-backends';
import { clientsSuite } from './suites/clients-suite';

await onPostgres('clients', clientsSuite);
