import { pgliteBackend } from '../support/server-backends';
import { linksSuite } from './suites/links-suite';

linksSuite(pgliteBackend);
