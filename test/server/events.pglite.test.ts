import { pgliteBackend } from '../support/server-backends';
import { eventsSuite } from './suites/events-suite';

eventsSuite(pgliteBackend);
