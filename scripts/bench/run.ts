/**
 * `npm run bench`: how much the gateway costs. Starts the whole stack from compiled JavaScript
 * on throwaway PostgreSQL and Redis, then measures, at each concurrency:
 *
 *   A      the product page query through the gateway (autocannon, keep-alive connections);
 *   A-off  the same through a second gateway process started with EDGE=off (no rate limits,
 *          operation limits, CORS, request ids or request metrics): what the edge costs;
 *   A-cache the same through a second gateway process started with RESPONSE_CACHE=on: the
 *          page answered from the Redis response cache (A itself runs with it off, the default);
 *   H      the same through Hive Gateway (@graphql-hive/gateway, installed on demand into
 *          $TMPDIR/order-flow-bench-hive-gateway-<version>, never into package.json) serving a
 *          copy of supergraph.graphql pointed at the running subgraphs; skipped, with the reason
 *          printed, when it cannot install or run here;
 *   B      the same page fetched by a client straight from the subgraphs, following the gateway's
 *          query plan (a closed loop of workers), checked once to return exactly the same data.
 *
 * then price lookups with the price cache on and off (price-lookup.ts), then checkout
 * (checkout.ts): a closed loop of N customers, and an open loop at fixed offered rates whose
 * latency runs from each checkout's due time, with CPU per checkout of every stack process
 * (checkout-open-loop.ts); its highest achieved orders/s is the saturation throughput.
 *
 * Last, a memory table: RSS and PSS of every process after start-up and a quiet pause (at rest),
 * and again at the end of the run (memory.ts).
 *
 * The table goes to stdout, progress to stderr. Everything started is stopped at the end, on
 * error and on Ctrl-C. Only 127.0.0.1 is ever loaded.
 *
 * Environment:
 *   BENCH_DURATION_SECONDS  measured seconds per scenario and concurrency   (default 8)
 *   BENCH_WARMUP_SECONDS    unmeasured warm-up before each measurement      (default 2)
 *   BENCH_INITIAL_WARMUP_SECONDS  unmeasured run of each scenario once, at the highest
 *                           concurrency, before any measurement             (default 4)
 *   BENCH_CONNECTIONS       comma-separated concurrencies, one row each     (default 10,50)
 *   BENCH_DIRECT_CLIENT     scenario B's HTTP client: http (node:http keep-alive agent) or
 *                           fetch (Node's undici)                           (default http)
 *   BENCH_HIVE_GATEWAY      on, or off to skip scenario H                   (default on)
 *   BENCH_HIVE_GATEWAY_VERSION  exact @graphql-hive/gateway version         (default 2.15.1)
 *   BENCH_DEDUPLICATE       on: identical in-flight subgraph fetches are shared, in our gateways
 *                           (SUBGRAPH_DEDUPLICATE_QUERIES) and in Hive Gateway alike, as both do by
 *                           default; off: every request fetches on its own  (default on)
 *   BENCH_SCENARIOS         comma-separated parts to run (default all): gateway, gateway-off, hive,
 *                           gateway-cached, direct (or product-page for those five), price, checkout-closed,
 *                           checkout-open (or checkout for both). BENCH_CONNECTIONS also sets how
 *                           many customers the checkout registers (the largest of them).
 *   BENCH_CHECKOUT_RATES    comma-separated offered checkouts per second, one open-loop row each
 *                                                                         (default 10,25,50,100)
 *   BENCH_CHECKOUT_MAX_IN_FLIGHT  open-loop checkouts running at once beyond which those falling
 *                           due are dropped, and counted                    (default 2000)
 *   BENCH_BULK_LINES        lines of scenario bulk's import, 5 per order    (default 10000)
 *   BENCH_BULK_SHOPPERS     customers checking out back to back meanwhile  (default 5)
 *                           Scenario bulk (bulk-import.ts): the import's orders/s, at the workers'
 *                           BULK_ORDER_RATE_PER_SECOND, and the p95 of ordinary checkouts before
 *                           and while it runs. Alone: BENCH_SCENARIOS=bulk BENCH_BULK_LINES=500.
 *   BENCH_PG_STATEMENTS     on: PostgreSQL tracks every statement (pg_stat_statements) and the
 *                           run ends with its ten costliest and the statements per order placed;
 *                           with BENCH_SCENARIOS=checkout-open, what one checkout costs the
 *                           database                                        (default off)
 *   BENCH_CPU_PROFILE       a folder: every service of the stack runs under `node --cpu-prof` and
 *                           writes <folder>/<service>/*.cpuprofile when it stops. Then
 *                           `npx tsx scripts/bench/top-costs.ts <folder>` prints each process's ten
 *                           largest self-time functions (--skip=<seconds> leaves out each
 *                           process's start-up). Profiling slows the services: use it to
 *                           see where time goes, not for the figures. E.g., to profile checkout at
 *                           saturation:
 *                             BENCH_SCENARIOS=checkout-open BENCH_CHECKOUT_RATES=100 \
 *                             BENCH_CPU_PROFILE=/tmp/profiles npm run bench
 *
 * The defaults were lowered (from 10 s / 3 s / 5 s) when A-off and H were added: with four
 * scenarios the run takes about 2½ minutes (4 × 4 s + 2 × 4 × 10 s, plus build, start-up and, the
 * first time only, ~35 s to install Hive Gateway). The open-loop checkout adds about a minute
 * (4 s, then 4 rates × 10 s, plus draining what is still running past saturation); a short look
 * at checkout alone: BENCH_SCENARIOS=checkout BENCH_CHECKOUT_RATES=10,25 BENCH_DURATION_SECONDS=5.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SUBGRAPH_NAMES } from '../../shared/services.js';
import { assertSamePage } from './agreement.js';
import { type BenchStack, ServiceLog, startBenchStack } from './bench-stack.js';
import { benchBulkImport } from './bulk-import.js';
import { benchCheckout } from './checkout.js';
import { fetchProductPageDirect } from './direct-fetch.js';
import {
  type ExtraGateway,
  startEdgeOffGateway,
  startHiveGateway,
  startResponseCacheGateway,
} from './extra-gateways.js';
import { createFetchTransport, createHttpTransport } from './graphql-client.js';
import { type LoadResult, runClosedLoop, runGatewayLoad } from './load.js';
import { type ProcessMemory, renderMemoryReport, sampleMemory } from './memory.js';
import {
  countOrders,
  PG_STATEMENTS_SETTINGS,
  readStatementCosts,
  renderFrequentStatements,
  renderStatementCosts,
  resetStatementCosts,
} from './pg-statements.js';
import { benchPriceLookups } from './price-lookup.js';
import { fetchProductPageViaGateway, PRODUCT_PAGE_OPERATION } from './product-page.js';
import { renderReport } from './report.js';
import { readResponseCacheLookups } from './response-cache-lookups.js';
import { assertLoopback, type BenchScenario, type BenchSettings, readBenchSettings } from './settings.js';
import { type Measurement, SCENARIO_LABELS, type ScenarioId } from './table.js';
import { measureCpu, metricsUrlOf, sampleMachineBusy, type UsageSources } from './usage.js';

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
/** Gateways started beside the stack (A-off, H): stopped before it. */
const extraGateways: ExtraGateway[] = [];
let interrupted = false;

class Interrupted extends Error {}

function checkInterrupted(): void {
  if (interrupted) throw new Interrupted('interrupted');
}

/** One row kind of the table: how to load it, and whose CPU counts as the gateway's. */
interface Scenario {
  id: ScenarioId;
  gateway: UsageSources['gateway'];
  run: (connections: number, seconds: number) => Promise<LoadResult>;
}

/** Quiet seconds between start-up and the at-rest memory sample: start-up's garbage is collected. */
const REST_SECONDS = 5;
let memoryAtRest: Map<string, ProcessMemory> | undefined;
let ordersBeforeRun: number | undefined;
/** The benchmark's database without the per-subgraph schema parameter, for plain pg clients. */
const clusterUrl = (stack: BenchStack['stack']) => stack.databaseUrl('order').replace(/\?.*$/, '');

const PRODUCT_PAGE_SCENARIOS: readonly ScenarioId[] = ['gateway', 'gateway-off', 'gateway-cached', 'hive', 'direct'];
const chosen = (id: BenchScenario) => settings.scenarios.has(id);

/** Starts the stack, then measures the product page scenarios chosen; their report, if any. */
async function main(): Promise<string | undefined> {
  const began = performance.now();
  const busyBefore = await sampleMachineBusy();
  progress('starting the stack (compiled JavaScript, throwaway PostgreSQL and Redis)…');
  if (settings.cpuProfileDir)
    progress(`every service writes a CPU profile under ${settings.cpuProfileDir} when stopped`);
  bench = await startBenchStack(
    log,
    settings.deduplicate,
    settings.cpuProfileDir,
    settings.pgStatements ? PG_STATEMENTS_SETTINGS : undefined,
  );
  checkInterrupted();
  const { stack } = bench;
  const currentBench = bench;
  const startupSeconds = (performance.now() - began) / 1000;
  for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphUrls)]) assertLoopback(url);
  progress(`${REST_SECONDS} s at rest, then memory…`);
  await sleep(REST_SECONDS * 1000);
  memoryAtRest = sampleMemory(currentBench.processPids());
  if (settings.pgStatements) {
    ordersBeforeRun = await countOrders(clusterUrl(stack));
    await resetStatementCosts(clusterUrl(stack));
  }
  if (!PRODUCT_PAGE_SCENARIOS.some(chosen)) return undefined;

  let edgeOff: ExtraGateway | undefined;
  if (chosen('gateway-off')) {
    progress('starting a second gateway with EDGE=off…');
    edgeOff = await startEdgeOffGateway(stack, log);
    extraGateways.push(edgeOff);
    assertLoopback(edgeOff.url);
    checkInterrupted();
  }

  let cached: ExtraGateway | undefined;
  if (chosen('gateway-cached')) {
    progress('starting a second gateway with RESPONSE_CACHE=on…');
    cached = await startResponseCacheGateway(stack, log);
    extraGateways.push(cached);
    assertLoopback(cached.url);
    checkInterrupted();
  }

  let hive: Awaited<ReturnType<typeof startHiveGateway>> | undefined;
  let hiveSkipped: string | undefined;
  if (!chosen('hive')) {
    hiveSkipped = 'not in BENCH_SCENARIOS';
  } else if (!settings.hiveGatewayVersion) {
    hiveSkipped = 'BENCH_HIVE_GATEWAY=off';
  } else {
    progress(`installing (if needed) and starting Hive Gateway ${settings.hiveGatewayVersion}…`);
    try {
      hive = await startHiveGateway(
        stack,
        currentBench.dataDir,
        settings.hiveGatewayVersion,
        settings.deduplicate,
        log,
      );
      extraGateways.push(hive);
      assertLoopback(hive.url);
    } catch (error) {
      hiveSkipped = error instanceof Error ? error.message : String(error);
      progress(`Hive Gateway: skipped — ${hiveSkipped}`);
    }
  }
  checkInterrupted();

  const subgraphMetrics = Object.values(stack.subgraphUrls).map(metricsUrlOf);
  const sourcesFor = (gateway: UsageSources['gateway']): UsageSources => ({
    gateway,
    subgraphs: subgraphMetrics,
    serverPids: currentBench.serverPids,
  });
  const mainSources = sourcesFor(metricsUrlOf(stack.gatewayUrl));

  const transport = settings.directClient === 'fetch' ? createFetchTransport() : createHttpTransport();
  try {
    const direct = await fetchProductPageDirect(transport, stack.subgraphUrls);
    const agreement = assertSamePage(await fetchProductPageViaGateway(transport, stack.gatewayUrl), direct);
    if (edgeOff) assertSamePage(await fetchProductPageViaGateway(transport, edgeOff.url), direct);
    // Twice: the second answer comes from the response cache.
    if (cached) {
      for (let i = 0; i < 2; i++) assertSamePage(await fetchProductPageViaGateway(transport, cached.url), direct);
    }
    if (hive) {
      try {
        assertSamePage(await fetchProductPageViaGateway(transport, hive.url), direct);
      } catch (error) {
        hiveSkipped = `its answer differs: ${error instanceof Error ? error.message : String(error)}`;
        progress(`Hive Gateway: skipped — ${hiveSkipped}`);
        hive = undefined;
      }
    }
    const gatewayBody = JSON.stringify(PRODUCT_PAGE_OPERATION);
    const viaGateway = (id: ScenarioId, url: string, gateway: UsageSources['gateway']): Scenario => ({
      id,
      gateway,
      run: (connections, durationSeconds) => runGatewayLoad({ url, body: gatewayBody, connections, durationSeconds }),
    });
    const allScenarios: Scenario[] = [
      viaGateway('gateway', stack.gatewayUrl, mainSources.gateway),
      ...(edgeOff ? [viaGateway('gateway-off', edgeOff.url, metricsUrlOf(edgeOff.url))] : []),
      ...(cached ? [viaGateway('gateway-cached', cached.url, metricsUrlOf(cached.url))] : []),
      ...(hive ? [viaGateway('hive', hive.url, { pid: hive.pid })] : []),
      {
        id: 'direct',
        // No gateway in the path: the column shows the idle stack gateway.
        gateway: mainSources.gateway,
        run: (workers, durationSeconds) =>
          runClosedLoop({
            workers,
            durationSeconds,
            operation: () => fetchProductPageDirect(transport, stack.subgraphUrls),
          }),
      },
    ];
    const scenarios = allScenarios.filter((scenario) => chosen(scenario.id));

    const busiest = Math.max(...settings.connections);
    for (const scenario of scenarios) {
      checkInterrupted();
      progress(`${SCENARIO_LABELS[scenario.id]} × ${busiest}: ${settings.initialWarmupSeconds} s initial warm-up…`);
      await scenario.run(busiest, settings.initialWarmupSeconds);
    }

    const measurements: Measurement[] = [];
    for (const [row, connections] of settings.connections.entries()) {
      // A A-off H B, B H A-off A…: whatever drifts during the run (warming, someone else's load)
      // does not always favour the same scenario.
      const order = row % 2 === 0 ? scenarios : [...scenarios].reverse();
      for (const scenario of order) {
        checkInterrupted();
        progress(`${SCENARIO_LABELS[scenario.id]} × ${connections}: ${settings.warmupSeconds} s warm-up…`);
        await scenario.run(connections, settings.warmupSeconds);
        checkInterrupted();
        progress(`${SCENARIO_LABELS[scenario.id]} × ${connections}: measuring ${settings.durationSeconds} s…`);
        const { result, cpu } = await measureCpu(sourcesFor(scenario.gateway), () =>
          scenario.run(connections, settings.durationSeconds),
        );
        measurements.push({ scenario: scenario.id, connections, load: result, cpu });
      }
    }
    const rank = (id: ScenarioId) => scenarios.findIndex((scenario) => scenario.id === id);
    measurements.sort((a, b) => a.connections - b.connections || rank(a.scenario) - rank(b.scenario));
    return renderReport({
      responseCache: cached ? await readResponseCacheLookups(metricsUrlOf(cached.url)) : undefined,
      settings,
      busyBefore,
      startupSeconds,
      totalSeconds: (performance.now() - began) / 1000,
      agreement,
      measurements,
      hive: hive
        ? { version: settings.hiveGatewayVersion ?? '', commands: hive.commands }
        : { skipped: hiveSkipped ?? 'unknown' },
    });
  } finally {
    transport.close();
  }
}

async function stopEverything(): Promise<void> {
  for (const gateway of extraGateways.splice(0)) {
    await gateway.stop().catch((error: unknown) => progress(`could not stop a gateway: ${String(error)}`));
  }
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
  if (report) process.stdout.write(`${report}\n\n`);
  if (bench && chosen('price')) {
    const register = (extra: ExtraGateway) => extraGateways.push(extra);
    process.stdout.write(`${await benchPriceLookups({ stack: bench.stack, log, settings, register, progress })}\n\n`);
  }
  if (bench && !interrupted && (chosen('checkout-closed') || chosen('checkout-open'))) {
    const { stack, processPids } = bench;
    const checkout = await benchCheckout({
      stack,
      settings,
      progress,
      closedLoop: chosen('checkout-closed'),
      openLoop: chosen('checkout-open'),
      processPids,
    });
    process.stdout.write(`${checkout}\n`);
  }
  if (bench && !interrupted && chosen('bulk')) {
    process.stdout.write(`${await benchBulkImport({ stack: bench.stack, settings, progress })}\n\n`);
  }
  if (bench && memoryAtRest) {
    const atEnd = interrupted ? undefined : sampleMemory(bench.processPids());
    process.stdout.write(`${renderMemoryReport({ atRest: memoryAtRest, atEnd, subgraphs: SUBGRAPH_NAMES })}\n`);
  }
  if (bench && !interrupted && ordersBeforeRun !== undefined) {
    const url = clusterUrl(bench.stack);
    const placed = (await countOrders(url)) - ordersBeforeRun;
    const costs = await readStatementCosts(url);
    process.stdout.write(`\n${renderStatementCosts(costs, 10, placed)}\n`);
    process.stdout.write(`\n${renderFrequentStatements(costs, 15, placed)}\n`);
  }
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
