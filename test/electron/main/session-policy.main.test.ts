import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { appOriginFor } from '../../../electron/main/app-origin';
import { buildContentSecurityPolicy, withContentSecurityPolicy } from '../../../electron/main/content-security-policy';
import { applySessionPolicy } from '../../../electron/main/session-policy';
import { defaultSession } from './fake-electron';

const fileOrigin = appOriginFor({ indexUrl: 'file:///app/out/renderer/index.html' });
const devOrigin = appOriginFor({ indexUrl: 'file:///app/out/renderer/index.html', devServerUrl: 'http://localhost:5173' });

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('permission requests', () => {
  applySessionPolicy(defaultSession as unknown as Session, fileOrigin);

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial']) {
      let granted: boolean | undefined;
      defaultSession.permissionRequestHandler?.({}, permission, (value) => (granted = value), {});
      expect(granted, permission).toBe(false);
    }
  });

  it('answers every permission check and device request with no', () => {
    expect(defaultSession.permissionCheckHandler?.({}, 'media', 'file:///', {})).toBe(false);
    expect(defaultSession.deviceHandler?.({ deviceType: 'usb' })).toBe(false);
  });

  it('puts our CSP on every response, replacing one sent by a server', () => {
    let headers: Record<string, string[]> | undefined;
    defaultSession.headersListener?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers?.['Content-Security-Policy']).toEqual([buildContentSecurityPolicy(fileOrigin)]);
    expect(headers?.['content-security-policy']).toBeUndefined();
    expect(headers?.['Content-Type']).toEqual(['text/html']);
  });
});

describe('content security policy', () => {
  it('is strict in production: own scripts only, no eval, no network, no frames', () => {
    const csp = directives(buildContentSecurityPolicy(fileOrigin));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(buildContentSecurityPolicy(fileOrigin)).not.toContain('unsafe-eval');
  });

  it('lets the dev server hot-reload in development only', () => {
    const csp = directives(buildContentSecurityPolicy(devOrigin));
    expect(csp.get('connect-src')).toContain('ws://localhost:5173');
    expect(buildContentSecurityPolicy(devOrigin)).not.toContain('unsafe-eval');
  });

  it('keeps headers that are not a CSP', () => {
    expect(withContentSecurityPolicy({ A: 'b' }, 'x')).toEqual({ A: ['b'], 'Content-Security-Policy': ['x'] });
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
