import { ConfigError } from '../../../shared/config.js';
import { DEFAULT_VIP_THRESHOLDS, parseVipThresholds, type VipThresholds } from './domain/segments.js';

type Env = Record<string, string | undefined>;

/**
 * The lifetime spend per currency from which a customer is VIP (domain/segments.ts).
 * @defaultValue SEGMENT_VIP_THRESHOLDS EUR:1000,GBP:1000,USD:1000
 * Only the subgraph computes segments; cached entries name the thresholds they were computed
 * with, so replicas started with another setting never serve each other's entries.
 */
export function loadVipThresholds(env: Env = process.env): VipThresholds {
  const text = env.SEGMENT_VIP_THRESHOLDS?.trim() || DEFAULT_VIP_THRESHOLDS;
  const parsed = parseVipThresholds(text);
  if ('problems' in parsed)
    throw new ConfigError(parsed.problems.map((problem) => `SEGMENT_VIP_THRESHOLDS: ${problem}`));
  return parsed.thresholds;
}
