import { describe, expect, it } from 'vitest';
import {
  REFRESH_TOKEN_COOKIE,
  refreshCookieHeader,
  refreshTokenFromCookies,
} from '../../../gateway/src/session-cookie.js';

const token = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';

describe('the refresh-token cookie', () => {
  it('is HttpOnly, Secure, SameSite=Strict, for /graphql only, and lives until the token expires', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const header = refreshCookieHeader({ token, expiresAt: new Date('2026-12-20T12:00:00Z') }, now);
    const [pair, ...attributes] = header.split('; ');
    expect(pair).toBe(`${REFRESH_TOKEN_COOKIE}=${token}`);
    expect(attributes).toEqual(
      expect.arrayContaining([
        'HttpOnly',
        'Secure',
        'SameSite=Strict',
        'Path=/graphql',
        'Max-Age=1209600',
        'Expires=Sun, 20 Dec 2026 12:00:00 GMT',
      ]),
    );
  });

  it('is cleared with an empty value that has already expired, on the same path', () => {
    const header = refreshCookieHeader('clear');
    expect(header).toMatch(new RegExp(`^${REFRESH_TOKEN_COOKIE}=;`));
    expect(header).toContain('Max-Age=0');
    expect(header).toContain('Path=/graphql');
  });

  it('is read from among other cookies, and a malformed value is ignored', () => {
    expect(refreshTokenFromCookies(`theme=dark; ${REFRESH_TOKEN_COOKIE}=${token}; lang=en`)).toBe(token);
    expect(refreshTokenFromCookies(`${REFRESH_TOKEN_COOKIE}=a;b`)).toBe('a');
    expect(refreshTokenFromCookies(`${REFRESH_TOKEN_COOKIE}=has%20space`)).toBeUndefined();
    expect(refreshTokenFromCookies(`my_${REFRESH_TOKEN_COOKIE}=${token}`)).toBeUndefined();
    expect(refreshTokenFromCookies(undefined)).toBeUndefined();
  });
});
