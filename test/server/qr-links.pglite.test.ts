import { pgliteBackend } from '../support/server-backends';
import { qrLinksSuite } from './suites/qr-links-suite';

qrLinksSuite(pgliteBackend);
