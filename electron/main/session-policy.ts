import type { Session } from 'electron';
import type { AppOrigin } from './app-origin';
import { buildContentSecurityPolicy, withContentSecurityPolicy } from './content-security-policy';

// The session the register window uses: every permission (camera, notifications, geolocation, HID,
// serial, ...) is refused, and every response carries our Content-Security-Policy header, for the
// file:// page in production and the Vite dev server in development.

export function applySessionPolicy(session: Session, origin: AppOrigin): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  const policy = buildContentSecurityPolicy(origin);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}
