import { createHash, randomBytes } from 'node:crypto';

// Bearer tokens are 256 random bits; only their sha256 is stored (they have full entropy, so no salt is needed).

export const REGISTER_TOKEN_PREFIX = 'fdr_';
export const STAFF_TOKEN_PREFIX = 'fds_';
export const STAFF_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A server-made id: a prefix and 96 random bits, URL-safe. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** The token of `Authorization: Bearer <token>`, if well-formed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{8,512})$/.exec(header ?? '');
  return match?.[1];
}
