import { onPostgres } from '../support/server-backends';
import { linksSuite } from './suites/links-suite';

await onPostgres('payment links', linksSuite);
