import { describe, expect, it } from 'vitest';
import {
  loadResilienceConfig,
  RESILIENCE_DEFAULTS,
  readResilienceConfig,
  timeoutFor,
} from '../../../gateway/src/resilience/resilience-config.js';
import { ConfigError } from '../../../shared/config.js';

describe('resilience configuration', () => {
  it('has defaults well below the 30 s clients wait', () => {
    const config = loadResilienceConfig({});
    expect(config).toEqual({
      timeoutMs: {},
      defaultTimeoutMs: 5000,
      queryRetries: 1,
      breaker: { failureRatio: 0.5, windowMs: 10_000, minRequests: 20, halfOpenAfterMs: 10_000 },
      supergraphPollIntervalMs: 2000,
      deduplicateQueries: true,
    });
    expect(RESILIENCE_DEFAULTS.timeoutMs).toBeLessThan(30_000);
    expect(timeoutFor(config, 'review')).toBe(5000);
  });

  it('gives one subgraph a deadline of its own; the others keep SUBGRAPH_TIMEOUT_MS', () => {
    const config = loadResilienceConfig({ SUBGRAPH_TIMEOUT_MS: '2500', REVIEW_SUBGRAPH_TIMEOUT_MS: '800' });
    expect(timeoutFor(config, 'review')).toBe(800);
    expect(timeoutFor(config, 'pricing')).toBe(2500);
    // A subgraph the supergraph names but the code does not know keeps the default too.
    expect(timeoutFor(config, 'inventory')).toBe(2500);
  });

  it('reads every breaker setting', () => {
    const config = loadResilienceConfig({
      BREAKER_FAILURE_RATIO: '0.25',
      BREAKER_WINDOW_MS: '30000',
      BREAKER_MIN_REQUESTS: '50',
      BREAKER_HALF_OPEN_AFTER_MS: '2000',
      SUBGRAPH_QUERY_RETRIES: '0',
      SUPERGRAPH_POLL_INTERVAL_MS: '0',
    });
    expect(config.breaker).toEqual({ failureRatio: 0.25, windowMs: 30_000, minRequests: 50, halfOpenAfterMs: 2000 });
    expect(config.queryRetries).toBe(0);
    expect(config.supergraphPollIntervalMs).toBe(0);
  });

  it('treats an empty variable as unset', () => {
    expect(loadResilienceConfig({ SUBGRAPH_TIMEOUT_MS: '', ORDER_SUBGRAPH_TIMEOUT_MS: '' }).timeoutMs).toEqual({});
  });

  it('names every bad variable at once', () => {
    try {
      loadResilienceConfig({
        SUBGRAPH_TIMEOUT_MS: 'soon',
        ORDER_SUBGRAPH_TIMEOUT_MS: '0',
        PRICING_SUBGRAPH_TIMEOUT_MS: '120000',
        BREAKER_FAILURE_RATIO: '1',
        BREAKER_WINDOW_MS: '1.5',
        BREAKER_MIN_REQUESTS: '-3',
        BREAKER_HALF_OPEN_AFTER_MS: 'never',
        SUBGRAPH_QUERY_RETRIES: '10',
        SUPERGRAPH_POLL_INTERVAL_MS: 'often',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(9);
      for (const variable of [
        'SUBGRAPH_TIMEOUT_MS must be an integer from 1 to 60000 (got "soon")',
        'ORDER_SUBGRAPH_TIMEOUT_MS',
        'PRICING_SUBGRAPH_TIMEOUT_MS',
        'BREAKER_FAILURE_RATIO must be a number between 0 and 1',
        'BREAKER_WINDOW_MS',
        'BREAKER_MIN_REQUESTS',
        'BREAKER_HALF_OPEN_AFTER_MS',
        'SUBGRAPH_QUERY_RETRIES',
        'SUPERGRAPH_POLL_INTERVAL_MS',
      ]) {
        expect(problems.some((problem) => problem.startsWith(variable))).toBe(true);
      }
    }
  });

  it('collects problems without throwing when asked to', () => {
    const problems: string[] = [];
    readResilienceConfig({ BREAKER_FAILURE_RATIO: '0' }, problems);
    expect(problems).toEqual(['BREAKER_FAILURE_RATIO must be a number between 0 and 1, both excluded (got "0")']);
  });
});
