import { createHash, randomBytes } from 'node:crypto';

/**
 * The rules of refresh tokens, free of I/O. A refresh token is 256 random bits: guessing one is
 * hopeless, so what matters is what happens to a genuine one that was copied. Each token works
 * once (refreshSession rotates it); a used token presented again can only be a copy — either the
 * thief's or the owner's, whichever came second — so the whole family of that sign-in is revoked,
 * and the thief's tokens die with the owner's.
 */

/** 32 random bytes, base64url without padding: 43 characters. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored: a copy of the table signs nobody in. */
export function hashRefreshToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

/** Why a refresh token was refused; sent as `extensions.reason` with UNAUTHENTICATED. */
export type RefreshRefusal =
  | 'REFRESH_TOKEN_MISSING'
  | 'REFRESH_TOKEN_INVALID'
  | 'REFRESH_TOKEN_EXPIRED'
  | 'REFRESH_TOKEN_REVOKED'
  | 'REFRESH_TOKEN_REUSED';

/** Why a family was revoked, as the refresh_token table records it. */
export type RevocationReason = 'SIGNED_OUT' | 'REUSED' | 'PASSWORD_CHANGED' | 'ERASED';

/** What refreshSession needs to know of a stored token. */
export interface StoredRefreshToken {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
  familyExpiresAt: Date;
}

export type RefreshDecision =
  | { action: 'rotate' }
  | { action: 'refuse'; reason: RefreshRefusal; revokeFamily: boolean };

/**
 * What to do with a presented token. Reuse wins over expiry: a used token coming back is a sign
 * of theft even when it has expired, and its family may still hold a live token to revoke.
 */
export function decideRefresh(token: StoredRefreshToken | null, now: Date): RefreshDecision {
  if (!token) return { action: 'refuse', reason: 'REFRESH_TOKEN_INVALID', revokeFamily: false };
  if (token.revokedAt) return { action: 'refuse', reason: 'REFRESH_TOKEN_REVOKED', revokeFamily: false };
  if (token.usedAt) return { action: 'refuse', reason: 'REFRESH_TOKEN_REUSED', revokeFamily: true };
  if (isExpired(token, now)) return { action: 'refuse', reason: 'REFRESH_TOKEN_EXPIRED', revokeFamily: false };
  return { action: 'rotate' };
}

export function isExpired(token: Pick<StoredRefreshToken, 'expiresAt' | 'familyExpiresAt'>, now: Date): boolean {
  return token.expiresAt.getTime() <= now.getTime() || token.familyExpiresAt.getTime() <= now.getTime();
}

export interface SessionLifetime {
  /**
   * How long a session may go unused: each token expires this long after it was issued, i.e.
   * after the session's last use (SESSION_IDLE_TIMEOUT_SECONDS).
   */
  idleTimeoutSeconds: number;
  /** How long a session lasts from its sign-in, however often it is used (SESSION_MAX_AGE_SECONDS). */
  maxAgeSeconds: number;
}

/** When a session started now must end at the latest. */
export function familyExpiry(now: Date, lifetime: SessionLifetime): Date {
  return new Date(now.getTime() + lifetime.maxAgeSeconds * 1000);
}

/** When a token issued now expires: after the idle timeout, and never after its family's end. */
export function tokenExpiry(now: Date, familyExpiresAt: Date, lifetime: SessionLifetime): Date {
  return new Date(Math.min(now.getTime() + lifetime.idleTimeoutSeconds * 1000, familyExpiresAt.getTime()));
}
