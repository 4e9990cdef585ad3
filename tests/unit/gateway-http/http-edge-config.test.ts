import { describe, expect, it } from 'vitest';
import { isLocalDevelopmentOrigin, readHttpEdgeConfig } from '../../../gateway/src/edge/http-config.js';
import { acceptOrCreateRequestId, isWellFormedRequestId } from '../../../shared/request-id.js';

function read(env: Record<string, string>, nodeEnv = 'development') {
  const problems: string[] = [];
  const config = readHttpEdgeConfig(env, nodeEnv, problems);
  return { config, problems };
}

describe('HTTP edge settings', () => {
  it('defaults to 1 MB bodies, no cross-origin callers but local dev servers, and 10-minute preflight caching', () => {
    const { config, problems } = read({});
    expect(problems).toEqual([]);
    expect(config.maxRequestBytes).toBe(1024 * 1024);
    expect(config.cors).toEqual({
      origins: new Set(),
      localDevelopmentOrigins: true,
      allowCredentials: false,
      maxAgeSeconds: 600,
    });
  });

  it('allows local dev servers only outside production and only while CORS_ORIGINS is unset', () => {
    expect(read({}, 'production').config.cors.localDevelopmentOrigins).toBe(false);
    expect(read({ CORS_ORIGINS: 'https://shop.example' }).config.cors.localDevelopmentOrigins).toBe(false);
    expect(read({ CORS_ORIGINS: ' ' }).config.cors.localDevelopmentOrigins).toBe(true);
  });

  it.each([
    ['http://localhost:5173', true],
    ['https://localhost:3000', true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost', true],
    ['http://localhost.evil.example:5173', false],
    ['http://127.0.0.1.nip.io', false],
    ['http://evil.example', false],
    ['http://localhost:5173/', false],
    ['file://localhost', false],
    ['null', false],
  ])('counts %s as a local development origin: %s', (origin, local) => {
    expect(isLocalDevelopmentOrigin(origin)).toBe(local);
  });

  it('reads exact origins, trimmed', () => {
    const { config, problems } = read({
      CORS_ORIGINS: ' https://shop.example ,http://localhost:5173',
      CORS_ALLOW_CREDENTIALS: 'true',
    });
    expect(problems).toEqual([]);
    expect(config.cors.origins).toEqual(new Set(['https://shop.example', 'http://localhost:5173']));
    expect(config.cors.allowCredentials).toBe(true);
  });

  it.each([
    [{ MAX_REQUEST_BYTES: '10485761' }, 'MAX_REQUEST_BYTES must be between 1024 and 10485760 bytes'],
    [{ MAX_REQUEST_BYTES: '1mb' }, 'MAX_REQUEST_BYTES must be a whole number of bytes'],
    [{ CORS_ORIGINS: 'https://shop.example/' }, 'CORS_ORIGINS must be comma-separated origins'],
    [{ CORS_ORIGINS: 'shop.example' }, 'CORS_ORIGINS must be comma-separated origins'],
    [{ CORS_ORIGINS: '*,https://shop.example' }, 'CORS_ORIGINS is either * alone'],
    [{ CORS_ORIGINS: '*', CORS_ALLOW_CREDENTIALS: 'true' }, 'CORS_ALLOW_CREDENTIALS=true'],
    [{ CORS_ALLOW_CREDENTIALS: 'yes' }, 'CORS_ALLOW_CREDENTIALS must be true or false'],
    [{ CORS_MAX_AGE_SECONDS: '-1' }, 'CORS_MAX_AGE_SECONDS must be a whole number'],
    [{ CORS_MAX_AGE_SECONDS: '86401' }, 'CORS_MAX_AGE_SECONDS must be between 0 and 86400'],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(read(env).problems.join('\n')).toContain(message);
  });

  it('allows * outside production only', () => {
    expect(read({ CORS_ORIGINS: '*' }).config.cors.origins).toBe('any');
    expect(read({ CORS_ORIGINS: '*' }, 'production').problems).toEqual([
      'CORS_ORIGINS must not be * in production: list the allowed origins, e.g. https://shop.example',
    ]);
  });
});

describe('request ids', () => {
  it('keeps a well-formed id and replaces anything else', () => {
    expect(acceptOrCreateRequestId('abc-123:4.5_6', 'gw')).toBe('abc-123:4.5_6');
    for (const bad of [
      undefined,
      ['a-request-id', 'b-request-id'],
      'short',
      'x'.repeat(129),
      'has space',
      'ünïcode-id',
    ]) {
      expect(acceptOrCreateRequestId(bad, 'gw')).toMatch(/^gw_[0-9A-HJKMNP-TV-Z]{26}$/);
    }
  });

  it('accepts the ids it generates (a subgraph keeps the gateway’s)', () => {
    expect(isWellFormedRequestId(acceptOrCreateRequestId(undefined, 'gw'))).toBe(true);
  });
});
