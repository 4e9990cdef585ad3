import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
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
import type { GatewayContext } from '../forwarding-data-source.js';
import type { RequestTokenVerifier } from '../request-identity.js';
import { settledClientAddress } from './client-address.js';
import { budgetUnavailable, COST_REMAINING_HEADER, costRefusal, costToCharge, decideBudget } from './cost-budget.js';
import { sendGraphQLError } from './graphql-over-http.js';

export type RateLimitTier = 'anonymous' | 'customer' | 'staff';

export interface RateLimitConfig {
  redisUrl: string;
  /** Requests per minute per identity, by tier. */
  perMinute: Record<RateLimitTier, number>;
  /** Estimated cost (demand control's) a minute per identity, by tier: see cost-budget.ts. */
  costPerMinute: Record<RateLimitTier, number>;
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

/**
 * Check-and-spend in one step on the Redis server, so replicas sharing a budget cannot both
 * spend its last points: the charge is added only when it fits (a refused request spends
 * nothing), and the total it would make is returned either way, as rate-limiter-flexible reads
 * it ({consumed, ttl}; consumed above the limit = refused). ARGV: charge, window seconds, limit.
 */
const SPEND_IF_IT_FITS = `redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local wanted = tonumber(redis.call('get', KEYS[1])) + tonumber(ARGV[1])
if wanted <= tonumber(ARGV[3]) then redis.call('incrby', KEYS[1], ARGV[1]) end
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * ARGV[2]
end
return {wanted, ttl}`;

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
 * Redis-backed limits, shared by every gateway replica. The request count runs before GraphQL
 * parsing (the middleware), so a refused request costs almost nothing; the cost budget needs the
 * operation's estimate and runs just before execution (the plugin). A bad token is left for the
 * GraphQL layer to refuse (HTTP 401); here it simply counts as anonymous.
 */
export async function createRateLimit(
  config: RateLimitConfig,
  verifyToken: RequestTokenVerifier,
  metrics: Registry,
  logger: Logger,
): Promise<{ middleware: RequestHandler; plugin: ApolloServerPlugin<GatewayContext>; close(): Promise<void> }> {
  // Commands fail at once while Redis is unreachable (no offline queue), so the fail-open/closed
  // decision is made immediately instead of requests piling up.
  const connect = async () => {
    const client = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
      // Every request runs two or three limiter commands; under load, those of concurrent requests
      // leave in one socket write per tick instead of one each.
      enableAutoPipelining: true,
    });
    client.on('error', () => {});
    await client.connect().catch((error: unknown) => {
      logger.warn({ err: error, failOpen: config.failOpen }, 'rate limiter cannot reach Redis at start');
    });
    return client;
  };
  // The budgets get a connection of their own: rate-limiter-flexible registers its script as one
  // named command per connection, and the budgets' script must not replace the counters'.
  const [redis, budgetRedis] = await Promise.all([connect(), connect()]);
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
  const budgets = Object.fromEntries(
    (Object.keys(config.costPerMinute) as RateLimitTier[]).map((tier) => [
      tier,
      new RateLimiterRedis({
        storeClient: budgetRedis,
        keyPrefix: `${config.keyPrefix}:cost:${tier}`,
        points: config.costPerMinute[tier],
        duration: 60,
        customIncrTtlLuaScript: SPEND_IF_IT_FITS,
      }),
    ]),
  ) as Record<RateLimitTier, RateLimiterRedis>;
  const rejections = new Counter({
    name: 'gateway_rate_limit_rejections_total',
    help: 'Requests refused by a rate limit',
    labelNames: ['limit'],
    registers: [metrics],
  });
  let lastOutageLog = 0;
  const logOutage = (error: unknown) => {
    if (Date.now() - lastOutageLog > 10_000) {
      lastOutageLog = Date.now();
      logger.warn({ err: error, failOpen: config.failOpen }, 'rate limiter cannot reach Redis');
    }
  };

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
    logOutage(failure.status === 'rejected' ? failure.reason : undefined);
    if (config.failOpen) next();
    else {
      rejections.inc({ limit: 'unavailable' });
      reject(request, response, 503, 'Requests cannot be admitted right now; retry shortly', 1);
    }
  };

  /** Check-and-spend of one operation's estimate; null when it is admitted without Redis (fail open). */
  async function spend(estimatedCost: number, context: GatewayContext) {
    const { tier, key } = rateLimitKey(context.identity ?? null, context.clientIp);
    const charged = costToCharge(estimatedCost);
    let reading: RateLimiterRes;
    try {
      reading = await budgets[tier].consume(key, charged);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        logOutage(error);
        if (config.failOpen) return null;
        rejections.inc({ limit: 'unavailable' });
        return budgetUnavailable();
      }
      reading = error;
    }
    const decision = decideBudget(config.costPerMinute[tier], {
      charged,
      consumedWithRequest: reading.consumedPoints,
      msBeforeReset: reading.msBeforeNext,
    });
    if (decision.admitted) return decision;
    rejections.inc({ limit: `${tier}_cost` });
    return costRefusal(decision);
  }

  /**
   * The budget is charged once the operation is estimated (operation-limits.ts puts the estimate
   * in the context) and every check of didResolveOperation has passed — Apollo Server runs those
   * side by side, so only here, just before execution, is an operation known to run: one refused
   * for anything else (bad variables, introspection, a limit) spends nothing. The caller is the
   * middleware's (the verified identity — a bad token never gets this far — or the address).
   */
  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async responseForOperation({ contextValue, response }) {
          if (contextValue.estimatedCost === undefined) return null;
          const answer = await spend(contextValue.estimatedCost, contextValue);
          if (answer === null) return null;
          if ('admitted' in answer) {
            response.http.headers.set(COST_REMAINING_HEADER, String(answer.remaining));
            return null;
          }
          // Answered in place of execution: no plan, no subgraph fetch.
          return {
            http: { status: answer.status, headers: new HeaderMap(Object.entries(answer.headers)) },
            body: { kind: 'single', singleResult: { errors: [answer.error] } },
          };
        },
      };
    },
  };

  return {
    middleware: (request, response, next) => void middleware(request, response, next),
    plugin,
    close: async () => {
      redis.disconnect();
      budgetRedis.disconnect();
    },
  };
}
