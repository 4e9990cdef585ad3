import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { Counter } from 'prom-client';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { hasAnyRole, type Identity } from '../../../shared/auth/identity.js';
import { STAFF_ROLES } from '../../../shared/auth/roles.js';
import { bearerToken } from '../../../shared/auth/tokens.js';
import { ErrorCode } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import type { RequestTokenVerifier } from '../request-identity.js';
import { settledClientAddress } from './client-address.js';
import { sendGraphQLError } from './graphql-over-http.js';

export type RateLimitTier = 'anonymous' | 'customer' | 'staff';

export interface RateLimitConfig {
  redisUrl: string;
  /** Requests per minute per identity, by tier. */
  perMinute: Record<RateLimitTier, number>;
  /** Requests per second across all clients: protects the subgraphs from a crowd. */
  globalPerSecond: number;
  /** When Redis cannot be asked: serve anyway (open) or refuse (closed). */
  failOpen: boolean;
  /** Namespaces the counters in a shared Redis. */
  keyPrefix: string;
}

interface RateLimitKey {
  tier: RateLimitTier;
  key: string;
}

/**
 * Who a request counts against: the verified subject of its token, else its client address.
 * Nothing about how the request is spelled (method, path, case, headers, aliases) takes part,
 * so none of it can buy a fresh quota.
 */
function rateLimitKey(identity: Identity | null, address: string): RateLimitKey {
  if (identity?.subject) {
    const tier = hasAnyRole(identity, STAFF_ROLES) ? 'staff' : 'customer';
    return { tier, key: `subject:${identity.subject}` };
  }
  return { tier: 'anonymous', key: `address:${address}` };
}

function reject(
  request: Request,
  response: Response,
  status: number,
  message: string,
  retryAfterSeconds: number,
): void {
  response.set('retry-after', String(retryAfterSeconds));
  sendGraphQLError(request, response, status, message, { code: ErrorCode.RATE_LIMITED, retryAfterSeconds });
}

/**
 * Redis-backed limits, shared by every gateway replica. Runs before GraphQL parsing, so a
 * refused request costs almost nothing. A bad token is left for the GraphQL layer to refuse
 * (HTTP 401); here it simply counts as anonymous.
 */
export async function createRateLimit(
  config: RateLimitConfig,
  verifyToken: RequestTokenVerifier,
  metrics: Registry,
  logger: Logger,
): Promise<{ middleware: RequestHandler; close(): Promise<void> }> {
  // Commands fail at once while Redis is unreachable (no offline queue), so the fail-open/closed
  // decision is made immediately instead of requests piling up.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect().catch((error: unknown) => {
    logger.warn({ err: error, failOpen: config.failOpen }, 'rate limiter cannot reach Redis at start');
  });
  const limiters = Object.fromEntries(
    (Object.keys(config.perMinute) as RateLimitTier[]).map((tier) => [
      tier,
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.keyPrefix}:${tier}`,
        points: config.perMinute[tier],
        duration: 60,
      }),
    ]),
  ) as Record<RateLimitTier, RateLimiterRedis>;
  const global = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${config.keyPrefix}:global`,
    points: config.globalPerSecond,
    duration: 1,
  });
  const rejections = new Counter({
    name: 'gateway_rate_limit_rejections_total',
    help: 'Requests refused by a rate limit',
    labelNames: ['limit'],
    registers: [metrics],
  });
  let lastOutageLog = 0;

  const middleware = async (request: Request, response: Response, next: NextFunction) => {
    let identity: Identity | null = null;
    try {
      const token = bearerToken(request.headers.authorization);
      identity = token ? await verifyToken(request, token) : null;
    } catch {
      identity = null;
    }
    const { tier, key } = rateLimitKey(identity, settledClientAddress(response));
    // Both counters at once: one round trip of waiting instead of two.
    const [own, all] = await Promise.allSettled([limiters[tier].consume(key, 1), global.consume('all', 1)]);
    const refusal = [own, all].find(
      (result) => result.status === 'rejected' && result.reason instanceof RateLimiterRes,
    );
    if (refusal?.status === 'rejected') {
      rejections.inc({ limit: refusal === own ? tier : 'global' });
      const wait = (refusal.reason as RateLimiterRes).msBeforeNext;
      reject(request, response, 429, 'Too many requests; slow down', Math.max(1, Math.ceil(wait / 1000)));
      return;
    }
    const failure = [own, all].find((result) => result.status === 'rejected');
    if (!failure) {
      next();
      return;
    }
    // Redis could not be asked.
    if (Date.now() - lastOutageLog > 10_000) {
      lastOutageLog = Date.now();
      logger.warn(
        { err: failure.status === 'rejected' ? failure.reason : undefined, failOpen: config.failOpen },
        'rate limiter cannot reach Redis',
      );
    }
    if (config.failOpen) next();
    else {
      rejections.inc({ limit: 'unavailable' });
      reject(request, response, 503, 'Requests cannot be admitted right now; retry shortly', 1);
    }
  };
  return {
    middleware: (request, response, next) => void middleware(request, response, next),
    close: async () => {
      redis.disconnect();
    },
  };
}
