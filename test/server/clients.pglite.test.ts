import { pgliteBackend } from '../support/server-backends';
import { clientsSuite } from './suites/clients-suite';

clientsSuite(pgliteBackend);
