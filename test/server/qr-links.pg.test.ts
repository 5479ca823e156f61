import { onPostgres } from '../support/server-backends';
import { qrLinksSuite } from './suites/qr-links-suite';

await onPostgres('QR-only payment links', qrLinksSuite);
