import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { GraphQLResponseError, HttpStatusError } from './graphql-client.js';
import { LatencyRecorder, type LatencySummary } from './latency.js';
import { assertLoopback } from './settings.js';

/** One measurement, whichever load generator made it. */
export interface LoadResult {
  /** Requests answered (any status); transport errors and timeouts are not. */
  completed: number;
  /** Transport errors, timeouts and 2xx answers carrying GraphQL errors. */
  errors: number;
  non2xx: number;
  elapsedSeconds: number;
  latency: LatencySummary;
}

export interface GatewayLoadOptions {
  url: string;
  body: string;
  connections: number;
  durationSeconds: number;
}

// Apollo answers GraphQL errors with 200; a body with a top-level "errors" key is a failure.
// Inside string values the quotes would be escaped, so this cannot match a review's text.
const hasNoGraphQLErrors = (body: string) => !body.includes('"errors":');

/** Scenario A: autocannon, a fixed number of keep-alive connections each sending back to back. */
export async function runGatewayLoad(options: GatewayLoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const recorder = new LatencyRecorder();
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    verifyBody: hasNoGraphQLErrors,
  });
  // Our own histogram (µs) rather than autocannon's (whole ms, no p95), the same as scenario B's.
  instance.on('response', (_client, _status, _bytes, responseTime) => recorder.record(responseTime));
  const result = await instance;
  return {
    completed: recorder.count,
    errors: result.errors + result.mismatches,
    non2xx: result.non2xx,
    elapsedSeconds: result.duration,
    latency: recorder.summary(),
  };
}

export interface ClosedLoopOptions {
  workers: number;
  durationSeconds: number;
  /** One request; it rejects with HttpStatusError on a non-2xx answer. */
  operation: () => Promise<unknown>;
}

/**
 * Scenario B: N workers, each starting its next request as soon as the previous one ends (a
 * closed loop, like autocannon's connections), until the duration is up.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const recorder = new LatencyRecorder();
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;

  const worker = async () => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      try {
        await options.operation();
        recorder.record(performance.now() - begun);
      } catch (error) {
        // Answered but failed: its latency counts, as autocannon counts non-2xx latencies.
        if (error instanceof HttpStatusError || error instanceof GraphQLResponseError) {
          recorder.record(performance.now() - begun);
        }
        if (error instanceof HttpStatusError) non2xx++;
        else errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));

  return {
    completed: recorder.count,
    errors,
    non2xx,
    elapsedSeconds: (performance.now() - started) / 1000,
    latency: recorder.summary(),
  };
}
