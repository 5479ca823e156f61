import { onPostgres } from '../support/server-backends';
import { idempotentTwinsSuite } from './suites/idempotent-twins-suite';

await onPostgres('idempotent twins', idempotentTwinsSuite);
