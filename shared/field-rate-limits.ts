import { type DocumentNode, type GraphQLSchema, Kind } from 'graphql';
import { getSchemaCoordinate, rateLimitDirective } from 'graphql-rate-limit-directive';
import { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import {
  type IRateLimiterOptions,
  type IRateLimiterRedisOptions,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import type { Identity } from './auth/identity.js';
import { rateLimited } from './errors.js';
import type { Logger } from './logger.js';

/**
 * Per-field rate limits written in the schema: `@rateLimit(limit: 10, duration: 3600)` on an
 * abuse-prone mutation (sign-up, sign-in, codes, carts, reviews) allows that many calls per
 * window of `duration` seconds to each caller — the verified subject when signed in, else the
 * client address the gateway forwards. The counters live in Redis, so the limit holds across
 * every instance of the subgraph; while Redis does not answer, each instance counts alone in
 * memory rather than refusing or waving everyone through. Services calling on a shop's behalf
 * are not counted. Past the limit: RATE_LIMITED with `retryAfterSeconds`, as at the gateway.
 */
export const RATE_LIMIT_DIRECTIVE = 'rateLimit';

/** Who a call is counted against, as the shared server saw the request. */
export interface RateLimitedCaller {
  identity: Identity;
  clientIp: string;
}

// A symbol-keyed property, not a WeakMap: Apollo Server hands resolvers a copy of the context.
const CALLER = Symbol('rate-limited caller');

/** Ties a request's context to its caller; the limits find the caller through the context. */
export function rememberCaller(context: object, caller: RateLimitedCaller): void {
  Object.defineProperty(context, CALLER, { value: caller, enumerable: true });
}

function callerOf(context: object): RateLimitedCaller | undefined {
  return (context as { [CALLER]?: RateLimitedCaller })[CALLER];
}

/** Services calling on the shop's behalf spend from no limit. */
function isCounted(caller: RateLimitedCaller | undefined): boolean {
  return !caller?.identity.roles.includes('service');
}

/** The counter a call spends from, or null for a caller that is not counted (a service). */
export function rateLimitKey(field: string, caller: RateLimitedCaller | undefined): string | null {
  if (!caller) return `${field}:unknown`;
  if (!isCounted(caller)) return null;
  return caller.identity.subject ? `${field}:sub:${caller.identity.subject}` : `${field}:ip:${caller.clientIp}`;
}

/** Whether a subgraph's SDL declares the directive at all: only then are limits (and Redis) needed. */
export function declaresRateLimits(typeDefs: DocumentNode): boolean {
  return typeDefs.definitions.some(
    (definition) => definition.kind === Kind.DIRECTIVE_DEFINITION && definition.name.value === RATE_LIMIT_DIRECTIVE,
  );
}

export interface FieldRateLimitOptions {
  /** The subgraph's name: its counters are its own. */
  subgraph: string;
  redisUrl: string | undefined;
  /** Multiplies every limit (FIELD_RATE_LIMIT_SCALE). */
  scale: number;
  metrics: Registry;
  logger: Logger;
}

export interface FieldRateLimits {
  apply(schema: GraphQLSchema): GraphQLSchema;
  close(): Promise<void>;
}

export function createFieldRateLimits(options: FieldRateLimitOptions): FieldRateLimits {
  const refused = new Counter({
    name: 'field_rate_limited_total',
    help: 'Calls refused by a field’s @rateLimit, by field',
    labelNames: ['field'],
    registers: [options.metrics],
  });
  // No offline queue: while Redis is away a command fails at once and the memory insurance counts.
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true })
    : undefined;
  redis?.on('error', (error) => options.logger.debug({ err: error }, 'field rate limits: Redis unavailable'));
  const keyPrefix = `field-rate-limit:${options.subgraph}`;
  const scaled = (limiter: IRateLimiterOptions): IRateLimiterOptions => ({
    ...limiter,
    keyPrefix,
    points: (limiter.points ?? 1) * options.scale,
  });

  // The directive builds one limiter per limit and window with `new limiterClass(options)`.
  class SharedLimiter extends RateLimiterRedis {
    constructor(limiter: IRateLimiterOptions) {
      const local = scaled(limiter);
      super({
        ...local,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(local),
      } satisfies IRateLimiterRedisOptions);
    }
  }
  class LocalLimiter extends RateLimiterMemory {
    constructor(limiter: IRateLimiterOptions) {
      super(scaled(limiter));
    }
  }

  const { rateLimitDirectiveTransformer } = rateLimitDirective<object>({
    name: RATE_LIMIT_DIRECTIVE,
    limiterClass: redis ? SharedLimiter : LocalLimiter,
    // Asked first: a call that is not counted never builds a key.
    pointsCalculator: (_args, _source, _fieldArgs, context) => (isCounted(callerOf(context)) ? 1 : 0),
    keyGenerator: (_args, _source, _fieldArgs, context, info) =>
      rateLimitKey(getSchemaCoordinate(info), callerOf(context)) ?? '',
    onLimit: (response, _args, _source, _fieldArgs, _context, info) => {
      refused.inc({ field: getSchemaCoordinate(info) });
      const retryAfterSeconds = Math.max(1, Math.ceil(response.msBeforeNext / 1000));
      throw rateLimited(`Too many ${info.fieldName} calls: try again in ${retryAfterSeconds} s`, retryAfterSeconds);
    },
  });
  return {
    apply: rateLimitDirectiveTransformer,
    async close() {
      redis?.disconnect();
    },
  };
}
