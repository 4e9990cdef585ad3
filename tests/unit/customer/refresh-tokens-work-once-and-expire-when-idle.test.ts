import { describe, expect, it } from 'vitest';
import {
  createRefreshToken,
  decideRefresh,
  familyExpiry,
  hashRefreshToken,
  REFRESH_TOKEN_PATTERN,
  type StoredRefreshToken,
  tokenExpiry,
} from '../../../subgraphs/customer/src/domain/refresh-tokens.js';
import { loadSessionLifetime } from '../../../subgraphs/customer/src/session-config.js';

const now = new Date('2026-12-06T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const live: StoredRefreshToken = { usedAt: null, revokedAt: null, expiresAt: later(60), familyExpiresAt: later(3600) };
const lifetime = { idleTimeoutSeconds: 14 * 86_400, maxAgeSeconds: 90 * 86_400 };

describe('refresh tokens', () => {
  it('are 256 random bits in 43 base64url characters, and only their SHA-256 is kept', () => {
    const token = createRefreshToken();
    expect(token).toMatch(REFRESH_TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(createRefreshToken()).not.toBe(token);
    expect(hashRefreshToken(token)).toHaveLength(32);
    expect(Buffer.from(hashRefreshToken(token)).equals(Buffer.from(hashRefreshToken(token)))).toBe(true);
  });

  it('rotate while unused, unrevoked and unexpired', () => {
    expect(decideRefresh(live, now)).toEqual({ action: 'rotate' });
  });

  it('are refused as unknown when no stored token matches, without revoking anything', () => {
    expect(decideRefresh(null, now)).toEqual({
      action: 'refuse',
      reason: 'REFRESH_TOKEN_INVALID',
      revokeFamily: false,
    });
  });

  it('revoke their whole family when presented again after use, even once expired', () => {
    const used = { ...live, usedAt: now };
    expect(decideRefresh(used, now)).toEqual({ action: 'refuse', reason: 'REFRESH_TOKEN_REUSED', revokeFamily: true });
    expect(decideRefresh({ ...used, expiresAt: now }, later(1))).toMatchObject({ reason: 'REFRESH_TOKEN_REUSED' });
  });

  it('are refused as revoked once their family has ended, however they were used', () => {
    expect(decideRefresh({ ...live, revokedAt: now, usedAt: now }, now)).toEqual({
      action: 'refuse',
      reason: 'REFRESH_TOKEN_REVOKED',
      revokeFamily: false,
    });
  });

  it('expire at their idle deadline and at their family end, whichever comes first', () => {
    expect(decideRefresh(live, later(59)).action).toBe('rotate');
    expect(decideRefresh(live, later(60))).toMatchObject({ reason: 'REFRESH_TOKEN_EXPIRED' });
    const familyEndsFirst = { ...live, expiresAt: later(600), familyExpiresAt: later(30) };
    expect(decideRefresh(familyEndsFirst, later(30))).toMatchObject({ reason: 'REFRESH_TOKEN_EXPIRED' });
  });

  it('each expire the idle timeout after they were issued, never past the session maximum age', () => {
    const family = familyExpiry(now, lifetime);
    expect(family).toEqual(later(90 * 86_400));
    expect(tokenExpiry(now, family, lifetime)).toEqual(later(14 * 86_400));
    const nearTheEnd = later(85 * 86_400);
    expect(tokenExpiry(nearTheEnd, family, lifetime)).toEqual(family);
  });
});

describe('session settings', () => {
  it('default to 14 days idle and 90 days at most', () => {
    expect(loadSessionLifetime({})).toEqual({ idleTimeoutSeconds: 1_209_600, maxAgeSeconds: 7_776_000 });
  });

  it('name a bad value, and refuse an idle timeout longer than the maximum age', () => {
    expect(() => loadSessionLifetime({ SESSION_IDLE_TIMEOUT_SECONDS: 'soon' })).toThrow(/SESSION_IDLE_TIMEOUT_SECONDS/);
    expect(() => loadSessionLifetime({ SESSION_MAX_AGE_SECONDS: '10' })).toThrow(
      /SESSION_MAX_AGE_SECONDS must be at least 60/,
    );
    expect(() =>
      loadSessionLifetime({ SESSION_IDLE_TIMEOUT_SECONDS: '7200', SESSION_MAX_AGE_SECONDS: '3600' }),
    ).toThrow(/SESSION_IDLE_TIMEOUT_SECONDS must not be longer than SESSION_MAX_AGE_SECONDS/);
  });
});
