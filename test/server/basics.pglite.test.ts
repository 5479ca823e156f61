import { pgliteBackend } from '../support/server-backends';
import { basicsSuite } from './suites/basics-suite';

basicsSuite(pgliteBackend);
