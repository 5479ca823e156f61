import { pgliteBackend } from '../support/server-backends';
import { registerRenameSuite } from './suites/register-rename-suite';

registerRenameSuite(pgliteBackend);
