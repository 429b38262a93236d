/**
 * Token secrets: "mg_" + 32 random bytes in base64url. Only the SHA-256 of a
 * secret is ever stored; the secret is shown once when the token is made.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'mg_';

export function newSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function newTokenId(): string {
  return 'tk-' + randomBytes(5).toString('hex');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Cheap shape check before hashing: wrong shapes are rejected without a lookup. */
export function looksLikeSecret(value: unknown): value is string {
  return typeof value === 'string' && value.length === TOKEN_PREFIX.length + 43 && value.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]+$/.test(value.slice(3));
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
