import { CircuitState } from 'cockatiel';
import { GraphQLError } from 'graphql';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { breakerStateValue, SubgraphGuards } from '../../../gateway/src/resilience/circuit-breakers.js';
import { loadResilienceConfig } from '../../../gateway/src/resilience/resilience-config.js';
import { rememberResponseStatus } from '../../../gateway/src/resilience/subgraph-failures.js';
import { createLogger } from '../../../shared/logger.js';

const silent = createLogger('test', { logLevel: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

function guards(env: Record<string, string> = {}) {
  const registry = new Registry();
  const config = loadResilienceConfig({
    SUBGRAPH_TIMEOUT_MS: '50',
    BREAKER_FAILURE_RATIO: '0.5',
    BREAKER_WINDOW_MS: '2000',
    BREAKER_MIN_REQUESTS: '4',
    BREAKER_HALF_OPEN_AFTER_MS: '100',
    SUBGRAPH_QUERY_RETRIES: '0',
    ...env,
  });
  const all = new SubgraphGuards(config, registry, silent);
  const state = async (subgraph: string) =>
    (await registry.getSingleMetric('gateway_subgraph_breaker_state')?.get())?.values.find(
      (value) => value.labels.subgraph === subgraph,
    )?.value;
  return { all, registry, state };
}

/** A fake fetch that counts its calls. */
function counted<T>(result: () => Promise<T>) {
  const fake = {
    calls: 0,
    fetch: async (): Promise<T> => {
      fake.calls++;
      return result();
    },
  };
  return fake;
}

/** Runs one guarded call; returns the client error's reason, or 'ok'. */
async function call(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    const extensions = (error as GraphQLError).extensions ?? {};
    return String(extensions.reason ?? extensions.code ?? (error as Error).message);
  }
}

describe('a subgraph guard', () => {
  it('reports breaker states as 0 closed, 1 half-open, 2 open', () => {
    expect(breakerStateValue(CircuitState.Closed)).toBe(0);
    expect(breakerStateValue(CircuitState.HalfOpen)).toBe(1);
    expect(breakerStateValue(CircuitState.Open)).toBe(2);
    expect(breakerStateValue(CircuitState.Isolated)).toBe(2);
  });

  it('opens at the failure ratio, refuses without calling, then half-opens and closes on success', async () => {
    const { all, state } = guards();
    const review = all.for('review');
    expect(all.for('review')).toBe(review);
    expect(await state('review')).toBe(0);

    const down = counted(() => Promise.reject(refused()));
    const up = counted(async () => 'data');
    const failing = () => review.execute(true, down.fetch);
    const healthy = () => review.execute(true, up.fetch);

    expect(await call(healthy)).toBe('ok');
    expect(await call(failing)).toBe('UNREACHABLE');
    expect(await call(failing)).toBe('UNREACHABLE');
    // 3 calls: below BREAKER_MIN_REQUESTS, whatever the ratio.
    expect(review.state).toBe(CircuitState.Closed);
    expect(await call(failing)).toBe('UNREACHABLE');
    // 3 failures of 4 > 0.5.
    expect(review.state).toBe(CircuitState.Open);
    expect(await state('review')).toBe(2);

    const before = up.calls + down.calls;
    expect(await call(healthy)).toBe('CIRCUIT_OPEN');
    expect(up.calls + down.calls).toBe(before);

    await sleep(120);
    expect(await call(healthy)).toBe('ok');
    expect(review.state).toBe(CircuitState.Closed);
    expect(await state('review')).toBe(0);
    // Other subgraphs were never affected.
    expect(all.for('pricing').state).toBe(CircuitState.Closed);
  });

  it('reopens when the half-open probe fails', async () => {
    const { all, state } = guards({ BREAKER_MIN_REQUESTS: '1' });
    const pricing = all.for('pricing');
    expect(await call(() => pricing.execute(true, () => Promise.reject(refused())))).toBe('UNREACHABLE');
    expect(pricing.state).toBe(CircuitState.Open);
    await sleep(120);
    let sawHalfOpen = false;
    expect(
      await call(() =>
        pricing.execute(true, async () => {
          sawHalfOpen = pricing.state === CircuitState.HalfOpen && (await state('pricing')) === 1;
          throw rememberResponseStatus(new GraphQLError('503: Service Unavailable'), 503);
        }),
      ),
    ).toBe('SERVER_ERROR');
    expect(sawHalfOpen).toBe(true);
    expect(pricing.state).toBe(CircuitState.Open);
  });

  it("does not count a subgraph's refusals (HTTP 4xx, GraphQL errors) as failures", async () => {
    const { all } = guards({ BREAKER_MIN_REQUESTS: '1' });
    const order = all.for('order');
    for (let i = 0; i < 5; i++) {
      const refusal = rememberResponseStatus(
        new GraphQLError('Invalid id', { extensions: { code: 'BAD_USER_INPUT' } }),
        400,
      );
      expect(await call(() => order.execute(true, () => Promise.reject(refusal)))).toBe('BAD_USER_INPUT');
    }
    expect(order.state).toBe(CircuitState.Closed);
  });

  it('cuts a fetch off at its deadline and aborts it', async () => {
    const { all, registry } = guards({ CATALOG_SUBGRAPH_TIMEOUT_MS: '80' });
    const catalog = all.for('catalog');
    let aborted = false;
    const started = performance.now();
    const reason = await call(() =>
      catalog.execute(
        true,
        (signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
            });
          }),
      ),
    );
    const elapsed = performance.now() - started;
    expect(reason).toBe('TIMEOUT');
    expect(aborted).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(75);
    expect(elapsed).toBeLessThan(500);
    const histogram = await registry.getSingleMetric('gateway_subgraph_fetch_duration_seconds')?.get();
    const count = histogram?.values.find(
      (value) =>
        (value as { metricName?: string }).metricName === 'gateway_subgraph_fetch_duration_seconds_count' &&
        value.labels.subgraph === 'catalog' &&
        value.labels.outcome === 'timeout',
    );
    expect(count?.value).toBe(1);
  });

  it('retries a read once after a connection error, never a write, and never after an answer', async () => {
    const { all } = guards({ SUBGRAPH_QUERY_RETRIES: '1', BREAKER_MIN_REQUESTS: '100' });
    const customer = all.for('customer');
    const read = counted(() => Promise.reject(refused()));
    expect(await call(() => customer.execute(true, read.fetch))).toBe('UNREACHABLE');
    expect(read.calls).toBe(2);

    const write = counted(() => Promise.reject(refused()));
    expect(await call(() => customer.execute(false, write.fetch))).toBe('UNREACHABLE');
    expect(write.calls).toBe(1);

    const answered = counted(() =>
      Promise.reject(rememberResponseStatus(new GraphQLError('503: Service Unavailable'), 503)),
    );
    expect(await call(() => customer.execute(true, answered.fetch))).toBe('SERVER_ERROR');
    expect(answered.calls).toBe(1);

    // A retry that succeeds is invisible to the caller.
    let flaky = 0;
    expect(
      await call(() =>
        customer.execute(true, async () => {
          flaky++;
          if (flaky === 1) throw refused();
          return 'data';
        }),
      ),
    ).toBe('ok');
  });
});
