import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The browser host is reachable by anything on this PC, so every page load and socket carries the per-run secret,
// and sockets must come from our own page (Origin) addressed to our own host name (Host, against DNS rebinding).

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The customer display's own secret, derived from the run's: its page and socket show only the customer view, and
 * knowing it does not give the staff page's secret (the display may sit in a browser the client can reach).
 */
export function customerSecretOf(secret: string): string {
  return createHmac('sha256', secret).update('frontdesk customer display').digest('base64url');
}

/** Constant-time comparison; a missing or differently sized value is simply unequal. */
export function secretMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

function ownHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  return !!hostHeader && ownHosts(port).has(hostHeader.toLowerCase());
}

export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  if (!origin) return false;
  return [...ownHosts(port)].some((host) => origin.toLowerCase() === `http://${host}`);
}

/** The page may load only its own files and talk only to its own bridge socket. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};
