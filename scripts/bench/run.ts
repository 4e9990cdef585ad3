/**
 * `npm run bench`: how much the gateway costs. Starts the whole stack from compiled JavaScript
 * on throwaway PostgreSQL and Redis, then measures, at each concurrency:
 *
 *   A  the product page query through the gateway (autocannon, keep-alive connections);
 *   B  the same page fetched by a client straight from the subgraphs, following the gateway's
 *      query plan (a closed loop of workers), checked once to return exactly the same data.
 *
 * The table goes to stdout, progress to stderr. Everything started is stopped at the end, on
 * error and on Ctrl-C. Only 127.0.0.1 is ever loaded.
 *
 * Environment:
 *   BENCH_DURATION_SECONDS  measured seconds per scenario and concurrency   (default 10)
 *   BENCH_WARMUP_SECONDS    unmeasured warm-up before each measurement      (default 3)
 *   BENCH_INITIAL_WARMUP_SECONDS  unmeasured run of each scenario once, at the highest
 *                           concurrency, before any measurement             (default 5)
 *   BENCH_CONNECTIONS       comma-separated concurrencies, one row each     (default 10,50)
 *   BENCH_DIRECT_CLIENT     scenario B's HTTP client: http (node:http keep-alive agent) or
 *                           fetch (Node's undici)                           (default http)
 *
 * With the defaults the run takes about 80 s (2 × 5 s + 2 × 2 × 13 s, plus build and start-up).
 */
import { performance } from 'node:perf_hooks';
import { assertSamePage } from './agreement.js';
import { type BenchStack, ServiceLog, startBenchStack } from './bench-stack.js';
import { fetchProductPageDirect } from './direct-fetch.js';
import { createFetchTransport, createHttpTransport } from './graphql-client.js';
import { type LoadResult, runClosedLoop, runGatewayLoad } from './load.js';
import { fetchProductPageViaGateway, PRODUCT_PAGE_OPERATION } from './product-page.js';
import { renderReport } from './report.js';
import { assertLoopback, type BenchSettings, readBenchSettings } from './settings.js';
import { type Measurement, SCENARIO_LABELS, type ScenarioId } from './table.js';
import { measureCpu, metricsUrlOf, residentMemory, sampleMachineBusy, type UsageSources } from './usage.js';

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

let settings: BenchSettings;
try {
  settings = readBenchSettings();
} catch (error) {
  progress(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const log = new ServiceLog();
let bench: BenchStack | undefined;
let interrupted = false;

class Interrupted extends Error {}

function checkInterrupted(): void {
  if (interrupted) throw new Interrupted('interrupted');
}

async function main(): Promise<string> {
  const began = performance.now();
  const busyBefore = await sampleMachineBusy();
  progress('starting the stack (compiled JavaScript, throwaway PostgreSQL and Redis)…');
  bench = await startBenchStack(log);
  checkInterrupted();
  const { stack } = bench;
  const startupSeconds = (performance.now() - began) / 1000;
  for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphUrls)]) assertLoopback(url);
  const sources: UsageSources = {
    gateway: metricsUrlOf(stack.gatewayUrl),
    subgraphs: Object.values(stack.subgraphUrls).map(metricsUrlOf),
    serverPids: bench.serverPids,
  };

  const transport = settings.directClient === 'fetch' ? createFetchTransport() : createHttpTransport();
  try {
    const agreement = assertSamePage(
      await fetchProductPageViaGateway(transport, stack.gatewayUrl),
      await fetchProductPageDirect(transport, stack.subgraphUrls),
    );
    const gatewayBody = JSON.stringify(PRODUCT_PAGE_OPERATION);
    const scenarios: { id: ScenarioId; run: (connections: number, seconds: number) => Promise<LoadResult> }[] = [
      {
        id: 'gateway',
        run: (connections, durationSeconds) =>
          runGatewayLoad({ url: stack.gatewayUrl, body: gatewayBody, connections, durationSeconds }),
      },
      {
        id: 'direct',
        run: (workers, durationSeconds) =>
          runClosedLoop({
            workers,
            durationSeconds,
            operation: () => fetchProductPageDirect(transport, stack.subgraphUrls),
          }),
      },
    ];

    const busiest = Math.max(...settings.connections);
    for (const scenario of scenarios) {
      checkInterrupted();
      progress(`${SCENARIO_LABELS[scenario.id]} × ${busiest}: ${settings.initialWarmupSeconds} s initial warm-up…`);
      await scenario.run(busiest, settings.initialWarmupSeconds);
    }

    const measurements: Measurement[] = [];
    for (const [row, connections] of settings.connections.entries()) {
      // A B, B A, A B…: whatever drifts during the run (warming, someone else's load) does not
      // always favour the same scenario.
      const order = row % 2 === 0 ? scenarios : [...scenarios].reverse();
      for (const scenario of order) {
        checkInterrupted();
        progress(`${SCENARIO_LABELS[scenario.id]} × ${connections}: ${settings.warmupSeconds} s warm-up…`);
        await scenario.run(connections, settings.warmupSeconds);
        checkInterrupted();
        progress(`${SCENARIO_LABELS[scenario.id]} × ${connections}: measuring ${settings.durationSeconds} s…`);
        const { result, cpu } = await measureCpu(sources, () => scenario.run(connections, settings.durationSeconds));
        measurements.push({ scenario: scenario.id, connections, load: result, cpu });
      }
    }
    const memory = await residentMemory(sources).catch(() => undefined);
    const rank = (id: ScenarioId) => scenarios.findIndex((scenario) => scenario.id === id);
    measurements.sort((a, b) => a.connections - b.connections || rank(a.scenario) - rank(b.scenario));
    return renderReport({
      settings,
      busyBefore,
      startupSeconds,
      totalSeconds: (performance.now() - began) / 1000,
      agreement,
      measurements,
      memory,
    });
  } finally {
    transport.close();
  }
}

async function stopEverything(): Promise<void> {
  if (!bench) return;
  progress('stopping the stack…');
  await bench.dispose().catch((error: unknown) => progress(`could not stop everything: ${String(error)}`));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return progress('still stopping…');
    interrupted = true;
    progress(`${signal}: stopping…`);
    // Load generators keep the event loop busy until their duration ends: stop now. While the
    // stack is still starting, `bench` is unset and main() stops as soon as it is up.
    if (bench) void stopEverything().then(() => process.exit(130));
  });
}

let exitCode = 0;
try {
  const report = await main();
  process.stdout.write(`${report}\n`);
  if (log.warnings > 0) progress(`the services logged ${log.warnings} warning/error lines; last: ${log.lastWarning}`);
} catch (error) {
  if (error instanceof Interrupted || interrupted) {
    exitCode = 130;
  } else {
    exitCode = 1;
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (log.recent().length > 0) process.stderr.write(`Recent service logs:\n${log.recent().join('\n')}\n`);
  }
}
await stopEverything();
process.exit(exitCode);
