import { type ResponseCacheSettings, readResponseCacheSettings } from '../../shared/cache/response-cache-settings.js';
import { ConfigError } from '../../shared/config.js';
import { type EdgeSwitchConfig, readEdgeSwitchConfig } from './edge/edge-config.js';
import { type HttpEdgeConfig, readHttpEdgeConfig } from './edge/http-config.js';
import { type OperationLimitsConfig, readOperationLimitsConfig } from './edge/limits-config.js';
import type { RateLimitConfig } from './edge/rate-limit.js';
import { readRateLimitConfig } from './edge/rate-limit-config.js';
import { type ResilienceConfig, readResilienceConfig } from './resilience/resilience-config.js';

type Env = Record<string, string | undefined>;

/** The gateway's own settings, beside the ones every service has (shared/config.ts). */
export interface GatewaySettings {
  edge: EdgeSwitchConfig;
  http: HttpEdgeConfig;
  limits: OperationLimitsConfig;
  /** null with RATE_LIMITS=off. */
  rateLimit: RateLimitConfig | null;
  resilience: ResilienceConfig;
  /** RESPONSE_CACHE and RESPONSE_CACHE_MAX_TTL_SECONDS (docs/cache-policy.md). */
  responseCache: ResponseCacheSettings;
}

/**
 * Reads every group of the gateway's settings, once, at start: one ConfigError names every bad
 * variable of all of them, so a wrong deployment is fixed in one go rather than one by one.
 */
export function loadGatewaySettings(env: Env, nodeEnv: string): GatewaySettings {
  const problems: string[] = [];
  const settings: GatewaySettings = {
    edge: readEdgeSwitchConfig(env, problems),
    http: readHttpEdgeConfig(env, nodeEnv, problems),
    limits: readOperationLimitsConfig(env, problems),
    rateLimit: readRateLimitConfig(env, problems),
    resilience: readResilienceConfig(env, problems),
    responseCache: readResponseCacheSettings(env, problems),
  };
  // REDIS_URL serves the rate limits and the response cache: a bad one is named once.
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return settings;
}
