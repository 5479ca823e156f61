import { onPostgres } from '../support/server-backends';
import { registerRenameSuite } from './suites/register-rename-suite';

await onPostgres('register rename', registerRenameSuite);
