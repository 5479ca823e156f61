import { pgliteBackend } from '../support/server-backends';
import { racesSuite } from './suites/races-suite';

racesSuite(pgliteBackend);
