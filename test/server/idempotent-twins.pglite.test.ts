import { pgliteBackend } from '../support/server-backends';
import { idempotentTwinsSuite } from './suites/idempotent-twins-suite';

idempotentTwinsSuite(pgliteBackend);
