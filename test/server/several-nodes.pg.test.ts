import { onPostgres } from '../support/server-backends';
import { severalNodesSuite } from './suites/several-nodes-suite';

await onPostgres('several nodes on one database', severalNodesSuite);
