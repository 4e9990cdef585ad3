import { describe, expect, it } from 'vitest';
import { loadGatewaySettings } from '../../../gateway/src/gateway-settings.js';
import {
  type AnswerFacts,
  clientCacheControl,
  hintOfCacheControlHeader,
  responseCacheTtl,
} from '../../../gateway/src/response-cache/cache-policy.js';
import { ConfigError } from '../../../shared/config.js';

const anonymousQuery: AnswerFacts = {
  mutation: false,
  signedIn: false,
  errors: false,
  policy: { maxAge: 30, scope: 'PUBLIC' },
};

describe("a subgraph's Cache-Control header", () => {
  it('reads as the max-age and scope it names', () => {
    expect(hintOfCacheControlHeader('max-age=60, public')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(hintOfCacheControlHeader('max-age=120, private')).toEqual({ maxAge: 120, scope: 'PRIVATE' });
    expect(hintOfCacheControlHeader('public, private, max-age=5')).toEqual({ maxAge: 5, scope: 'PRIVATE' });
  });

  it('allows no caching when it is missing, says no-store or has a malformed max-age', () => {
    expect(hintOfCacheControlHeader(undefined)).toEqual({ maxAge: 0 });
    expect(hintOfCacheControlHeader('no-store')).toEqual({ maxAge: 0 });
    expect(hintOfCacheControlHeader('max-age=soon, public')).toEqual({ maxAge: 0, scope: 'PUBLIC' });
  });
});

describe("the client's Cache-Control header", () => {
  it('is public with the max-age of the strictest subgraph for an anonymous query', () => {
    expect(clientCacheControl(anonymousQuery)).toBe('public, max-age=30');
  });

  it('is never public for a caller with a token or a session cookie', () => {
    expect(clientCacheControl({ ...anonymousQuery, signedIn: true })).toBe('private, max-age=30');
  });

  it('is private when a subgraph said private', () => {
    expect(clientCacheControl({ ...anonymousQuery, policy: { maxAge: 30, scope: 'PRIVATE' } })).toBe(
      'private, max-age=30',
    );
  });

  it('is no-store for a mutation, an answer with errors, or a field without a hint', () => {
    expect(clientCacheControl({ ...anonymousQuery, mutation: true })).toBe('no-store');
    expect(clientCacheControl({ ...anonymousQuery, errors: true })).toBe('no-store');
    expect(clientCacheControl({ ...anonymousQuery, policy: null })).toBe('no-store');
    expect(clientCacheControl({ ...anonymousQuery, policy: { maxAge: 0, scope: 'PUBLIC' } })).toBe('no-store');
  });
});

describe("the gateway's response cache", () => {
  it('keeps a public anonymous answer for its max-age, capped by RESPONSE_CACHE_MAX_TTL_SECONDS', () => {
    expect(responseCacheTtl(anonymousQuery, 300)).toBe(30);
    expect(responseCacheTtl(anonymousQuery, 10)).toBe(10);
  });

  it('keeps nothing private, signed in, mutated, failed or unhinted', () => {
    expect(responseCacheTtl({ ...anonymousQuery, policy: { maxAge: 30, scope: 'PRIVATE' } }, 300)).toBe(0);
    expect(responseCacheTtl({ ...anonymousQuery, signedIn: true }, 300)).toBe(0);
    expect(responseCacheTtl({ ...anonymousQuery, mutation: true }, 300)).toBe(0);
    expect(responseCacheTtl({ ...anonymousQuery, errors: true }, 300)).toBe(0);
    expect(responseCacheTtl({ ...anonymousQuery, policy: null }, 300)).toBe(0);
  });

  it('is off unless RESPONSE_CACHE=on, which needs REDIS_URL; bad values are named', () => {
    expect(loadGatewaySettings({ RATE_LIMITS: 'off' }, 'development').responseCache.redisUrl).toBeNull();
    const on = loadGatewaySettings(
      { RATE_LIMITS: 'off', RESPONSE_CACHE: 'on', REDIS_URL: 'redis://127.0.0.1:6379' },
      'development',
    );
    expect(on.responseCache).toEqual({ redisUrl: 'redis://127.0.0.1:6379', maxTtlSeconds: 300 });
    let problems: string[] = [];
    try {
      loadGatewaySettings(
        { RATE_LIMITS: 'off', RESPONSE_CACHE: 'yes', RESPONSE_CACHE_MAX_TTL_SECONDS: '0' },
        'development',
      );
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(/^RESPONSE_CACHE must be on or off/),
      expect.stringMatching(/^RESPONSE_CACHE_MAX_TTL_SECONDS must be at least 1/),
    ]);
    try {
      loadGatewaySettings({ RATE_LIMITS: 'off', RESPONSE_CACHE: 'on' }, 'development');
      expect.unreachable('RESPONSE_CACHE=on without REDIS_URL was accepted');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['REDIS_URL is required with RESPONSE_CACHE=on']);
    }
  });
});
