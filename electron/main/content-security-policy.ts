import type { AppOrigin } from './app-origin';

// The Content-Security-Policy of the renderer, applied as a response header by session-policy.ts.
// Production: only the app's own files, no inline or eval'd script, no network (the renderer talks
// to the engine through IPC only). Development adds what Vite's dev server needs: its WebSocket for
// hot reload and the inline React Refresh preamble.
// style-src allows 'unsafe-inline' so React `style` attributes and injected <style> keep working;
// styles cannot run code, scripts stay strictly 'self'.

export function buildContentSecurityPolicy(origin: AppOrigin): string {
  const dev = origin.kind === 'dev-server';
  const devSocket = dev ? origin.origin.replace(/^http/, 'ws') : '';
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', dev ? ["'self'", devSocket] : ["'self'"]],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** Response headers with any CSP the server sent replaced by ours (header names are case-insensitive). */
export function withContentSecurityPolicy(headers: Record<string, string | string[]> | undefined, policy: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
