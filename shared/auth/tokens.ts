import { GraphQLError } from 'graphql';
import {
  type CryptoKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  importPKCS8,
  importSPKI,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { ErrorCode } from '../errors.js';
import type { AuthConfig } from './auth-config.js';
import type { Identity } from './identity.js';
import { isRole, type Role } from './roles.js';

export class InvalidTokenError extends GraphQLError {
  constructor(reason: string) {
    super(`Invalid access token: ${reason}`, {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  }
}

/**
 * A genuine token (right key, issuer and audience) past its expiry: its own code, so a client
 * knows to sign in again rather than suspect a broken or forged token.
 */
export class ExpiredTokenError extends GraphQLError {
  constructor() {
    super('The access token has expired: sign in again', {
      extensions: { code: ErrorCode.TOKEN_EXPIRED, http: { status: 401 } },
    });
  }
}

/** A genuine token of a subject whose tokens were revoked (an erased customer's): sign in again, if you can. */
export class RevokedTokenError extends GraphQLError {
  constructor() {
    super('The access token has been revoked', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, reason: 'TOKEN_REVOKED', http: { status: 401 } },
    });
  }
}

/** The part of a RevocationList (revocations.ts) the verifier asks, synchronously, per token. */
export interface RevokedSubjects {
  isRevoked(subject: string, issuedAtSeconds: number): boolean;
}

export interface TokenVerifier {
  /**
   * The identity a bearer token proves; throws ExpiredTokenError for a genuine token past its
   * expiry and InvalidTokenError for any other bad token.
   */
  verify(token: string): Promise<Identity>;
}

export interface TokenSigner {
  sign(subject: string, roles: readonly Role[], ttlSeconds?: number): Promise<string>;
}

const encoder = new TextEncoder();

/** How many verified tokens a verifier keeps: far more than the sessions one process serves at once. */
const VERIFIED_TOKENS_KEPT = 10_000;

interface VerifiedToken {
  identity: Identity;
  issuedAtSeconds: number;
  expiresAtSeconds: number;
}

export async function createTokenVerifier(config: AuthConfig, revoked?: RevokedSubjects): Promise<TokenVerifier> {
  const keys: (Uint8Array | CryptoKey | JWTVerifyGetKey)[] = [];
  if (config.secret && config.algorithm === 'HS256') keys.push(encoder.encode(config.secret));
  if (config.publicKeyPem) keys.push(await importSPKI(config.publicKeyPem, config.algorithm));
  else if (config.privateKeyPem) {
    // A service holding only the private key verifies with the public half of it.
    const privateKey = await importPKCS8(config.privateKeyPem, config.algorithm, { extractable: true });
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = await exportJWK(privateKey);
    keys.push(createLocalJWKSet({ keys: [{ ...publicJwk, alg: config.algorithm }] }));
  }
  if (config.jwksUrl) keys.push(createRemoteJWKSet(new URL(config.jwksUrl)));
  // The allowlist is what makes `alg: none` and algorithm-confusion tokens fail.
  const algorithms = config.jwksUrl ? ['HS256', 'RS256', 'ES256', 'EdDSA'] : [config.algorithm];

  // Tokens already verified, until they expire: every request of a session carries the same
  // token to the gateway and then to each subgraph it plans for, and checking its signature again
  // each time is most of what authentication costs. Revocation is still asked on every use.
  const verified = new Map<string, VerifiedToken>();
  const remember = (token: string, entry: VerifiedToken) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) {
      // Oldest first (a Map keeps insertion order): a burst of one-off tokens cannot grow it.
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(token, entry);
  };

  return {
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAtSeconds > Date.now() / 1000) {
          if (revoked?.isRevoked(known.identity.subject as string, known.issuedAtSeconds))
            throw new RevokedTokenError();
          return known.identity;
        }
        verified.delete(token);
      }
      let lastError: unknown;
      let expired = false;
      for (const key of keys) {
        try {
          const { payload } = await jwtVerify(token, key as Uint8Array, {
            issuer: config.issuer,
            audience: config.audience,
            algorithms,
            requiredClaims: ['sub', 'exp', 'iat'],
          });
          const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
          // requiredClaims makes sub and iat present.
          if (revoked?.isRevoked(payload.sub as string, payload.iat as number)) throw new RevokedTokenError();
          // Frozen: the same object answers every later request with this token.
          const identity: Identity = Object.freeze({ subject: payload.sub ?? null, roles: Object.freeze(roles) });
          remember(token, {
            identity,
            issuedAtSeconds: payload.iat as number,
            expiresAtSeconds: payload.exp as number,
          });
          return identity;
        } catch (error) {
          if (error instanceof RevokedTokenError) throw error;
          lastError = error;
          // jose checks the expiry only after the signature, issuer and audience passed: a token
          // reported expired by any key is genuine, whatever the other keys said of it.
          if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') expired = true;
        }
      }
      if (expired) throw new ExpiredTokenError();
      const code = (lastError as { code?: string } | undefined)?.code ?? '';
      throw new InvalidTokenError(
        code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' ? 'wrong issuer, audience or claims' : 'signature or format',
      );
    },
  };
}

export async function createTokenSigner(config: AuthConfig): Promise<TokenSigner> {
  const key =
    config.algorithm === 'HS256'
      ? config.secret && encoder.encode(config.secret)
      : config.privateKeyPem && (await importPKCS8(config.privateKeyPem, config.algorithm));
  if (!key)
    throw new Error(
      `signing ${config.algorithm} tokens needs ${config.algorithm === 'HS256' ? 'JWT_SECRET' : 'JWT_PRIVATE_KEY'}`,
    );
  return {
    sign: (subject, roles, ttlSeconds = config.accessTokenTtlSeconds) =>
      new SignJWT({ roles: [...roles] })
        .setProtectedHeader({ alg: config.algorithm, typ: 'JWT' })
        .setSubject(subject)
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
  };
}

/** The bearer token of an Authorization header; null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new InvalidTokenError('the Authorization header must be "Bearer <token>"');
  return match[1];
}
