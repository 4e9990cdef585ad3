import { z } from 'zod';

/**
 * Token settings, from the environment only. Keys are either a shared HS256 secret
 * (JWT_SECRET) or an asymmetric pair (JWT_PRIVATE_KEY to sign, JWT_PUBLIC_KEY to verify;
 * RS256, ES256 or EdDSA); JWT_JWKS_URL lets tokens of an external identity provider verify too.
 */
export interface AuthConfig {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  algorithm: 'HS256' | 'RS256' | 'ES256' | 'EdDSA';
  secret?: string;
  privateKeyPem?: string;
  publicKeyPem?: string;
  jwksUrl?: string;
}

type Env = Record<string, string | undefined>;

/** An HS256 secret must carry at least 256 bits; shorter ones can be brute-forced offline. */
export const MIN_SECRET_LENGTH = 32;

export function readAuthConfig(env: Env, production: boolean, problems: string[]): AuthConfig | undefined {
  const algorithm = z
    .enum(['HS256', 'RS256', 'ES256', 'EdDSA'])
    .safeParse(env.JWT_ALGORITHM ?? (env.JWT_PRIVATE_KEY || env.JWT_PUBLIC_KEY ? 'RS256' : 'HS256'));
  if (!algorithm.success) {
    problems.push('JWT_ALGORITHM must be one of HS256, RS256, ES256, EdDSA');
    return undefined;
  }
  const ttl = Number(env.JWT_ACCESS_TOKEN_TTL_SECONDS ?? 900);
  if (!Number.isInteger(ttl) || ttl < 30 || ttl > 86_400) {
    problems.push('JWT_ACCESS_TOKEN_TTL_SECONDS must be an integer from 30 to 86400');
  }
  if (env.JWT_JWKS_URL && !/^https?:\/\//.test(env.JWT_JWKS_URL)) problems.push('JWT_JWKS_URL must be an http(s) URL');
  const config: AuthConfig = {
    issuer: env.JWT_ISSUER || 'order-flow',
    audience: env.JWT_AUDIENCE || 'order-flow-api',
    accessTokenTtlSeconds: ttl,
    algorithm: algorithm.data,
    ...(env.JWT_SECRET ? { secret: env.JWT_SECRET } : {}),
    ...(env.JWT_PRIVATE_KEY ? { privateKeyPem: env.JWT_PRIVATE_KEY } : {}),
    ...(env.JWT_PUBLIC_KEY ? { publicKeyPem: env.JWT_PUBLIC_KEY } : {}),
    ...(env.JWT_JWKS_URL ? { jwksUrl: env.JWT_JWKS_URL } : {}),
  };
  if (config.algorithm === 'HS256') {
    if (!config.secret) problems.push('JWT_SECRET is required (or JWT_PRIVATE_KEY/JWT_PUBLIC_KEY with JWT_ALGORITHM)');
    else if (config.secret.length < MIN_SECRET_LENGTH) {
      problems.push(`JWT_SECRET is too weak: at least ${MIN_SECRET_LENGTH} characters`);
    } else if (production && new Set(config.secret).size < 10) {
      problems.push('JWT_SECRET is too weak: it repeats too few characters to be random');
    }
  } else if (!config.publicKeyPem && !config.privateKeyPem) {
    problems.push(`JWT_PUBLIC_KEY (to verify) or JWT_PRIVATE_KEY (to sign) is required for ${config.algorithm}`);
  }
  return config;
}
