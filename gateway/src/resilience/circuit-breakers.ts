import { performance } from 'node:perf_hooks';
import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConstantBackoff,
  circuitBreaker,
  handleWhen,
  type IPolicy,
  retry,
  SamplingBreaker,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from '../../../shared/logger.js';
import { type ResilienceConfig, timeoutFor } from './resilience-config.js';
import { isConnectionError, isSubgraphFailure, outcomeOf, toClientError } from './subgraph-failures.js';

/** How `gateway_subgraph_breaker_state` reports a breaker: 0 closed, 1 half-open, 2 open. */
export function breakerStateValue(state: CircuitState): 0 | 1 | 2 {
  switch (state) {
    case CircuitState.Closed:
      return 0;
    case CircuitState.HalfOpen:
      return 1;
    default:
      return 2;
  }
}

function breakerStateName(state: CircuitState): 'closed' | 'half_open' | 'open' {
  return (['closed', 'half_open', 'open'] as const)[breakerStateValue(state)];
}

/** A breaker that opens when `failureRatio` of at least `minRequests` fetches in `windowMs` failed. */
function createBreaker(breaker: ResilienceConfig['breaker']): CircuitBreakerPolicy {
  return circuitBreaker(handleWhen(isSubgraphFailure), {
    halfOpenAfter: breaker.halfOpenAfterMs,
    breaker: new SamplingBreaker({
      threshold: breaker.failureRatio,
      duration: breaker.windowMs,
      // cockatiel counts a rate: "at least minRequests in the window", expressed per second.
      minimumRps: (breaker.minRequests * 1000) / breaker.windowMs,
    }),
  });
}

interface SubgraphMetrics {
  breakerState: Gauge<'subgraph'>;
  transitions: Counter<'subgraph' | 'state'>;
  fetchDuration: Histogram<'subgraph' | 'outcome'>;
}

function createMetrics(registry: Registry): SubgraphMetrics {
  return {
    breakerState: new Gauge({
      name: 'gateway_subgraph_breaker_state',
      help: "State of each subgraph's circuit breaker: 0 closed, 1 half-open, 2 open",
      labelNames: ['subgraph'],
      registers: [registry],
    }),
    transitions: new Counter({
      name: 'gateway_subgraph_breaker_transitions_total',
      help: "Changes of a subgraph's circuit breaker, by the state entered",
      labelNames: ['subgraph', 'state'],
      registers: [registry],
    }),
    fetchDuration: new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Subgraph fetches, retries included, by outcome (success, error, timeout, unreachable, server_error, rejected)',
      labelNames: ['subgraph', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/**
 * One subgraph's protection: every fetch has a deadline; reads are retried after a connection
 * error (mutations never); the breaker counts timeouts, connection errors and HTTP 5xx, and
 * while open refuses at once with SUBGRAPH_UNAVAILABLE instead of waiting for the deadline.
 */
export class SubgraphGuard {
  readonly breaker: CircuitBreakerPolicy;
  readonly timeoutMs: number;
  private readonly reads: IPolicy;
  private readonly writes: IPolicy;

  constructor(
    readonly subgraph: string,
    config: ResilienceConfig,
    private readonly metrics: SubgraphMetrics,
    logger: Logger,
  ) {
    this.timeoutMs = timeoutFor(config, subgraph);
    this.breaker = createBreaker(config.breaker);
    const deadline = timeout(this.timeoutMs, TimeoutStrategy.Aggressive);
    this.writes = wrap(deadline, this.breaker);
    this.reads =
      config.queryRetries > 0
        ? wrap(
            deadline,
            retry(handleWhen(isConnectionError), {
              maxAttempts: config.queryRetries,
              backoff: new ConstantBackoff(25),
            }),
            this.breaker,
          )
        : this.writes;

    metrics.breakerState.set({ subgraph }, 0);
    this.breaker.onStateChange((state) => {
      metrics.breakerState.set({ subgraph }, breakerStateValue(state));
      metrics.transitions.inc({ subgraph, state: breakerStateName(state) });
      const entry = { subgraph, breaker: breakerStateName(state) };
      if (state === CircuitState.Closed) logger.info(entry, 'subgraph breaker closed: the subgraph answers again');
      else if (state === CircuitState.HalfOpen) logger.info(entry, 'subgraph breaker half-open: probing the subgraph');
      else logger.warn(entry, 'subgraph breaker open: calls fail at once with SUBGRAPH_UNAVAILABLE');
    });
  }

  get state(): CircuitState {
    return this.breaker.state;
  }

  /**
   * Runs one fetch under the guard. `fetch` must honour the signal (it aborts at the deadline).
   * Errors meaning "the subgraph did not answer" become SUBGRAPH_UNAVAILABLE; others pass.
   */
  async execute<T>(readOnly: boolean, fetch: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const started = performance.now();
    let failure: unknown;
    try {
      return await (readOnly ? this.reads : this.writes).execute(({ signal }) => fetch(signal));
    } catch (error) {
      failure = error ?? new Error('subgraph fetch failed');
      throw toClientError(failure, this.subgraph, this.timeoutMs);
    } finally {
      this.metrics.fetchDuration.observe(
        { subgraph: this.subgraph, outcome: outcomeOf(failure) },
        (performance.now() - started) / 1000,
      );
    }
  }
}

/** The guards of every subgraph, shared by the data sources across supergraph reloads. */
export class SubgraphGuards {
  private readonly guards = new Map<string, SubgraphGuard>();
  private readonly metrics: SubgraphMetrics;

  constructor(
    private readonly config: ResilienceConfig,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.metrics = createMetrics(registry);
  }

  for(subgraph: string): SubgraphGuard {
    let guard = this.guards.get(subgraph);
    if (!guard) {
      guard = new SubgraphGuard(subgraph, this.config, this.metrics, this.logger);
      this.guards.set(subgraph, guard);
    }
    return guard;
  }
}
