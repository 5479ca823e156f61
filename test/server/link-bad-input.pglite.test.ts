import { pgliteBackend } from '../support/server-backends';
import { linkBadInputSuite } from './suites/link-bad-input-suite';

linkBadInputSuite(pgliteBackend);
