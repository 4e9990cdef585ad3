import { cpus, totalmem } from 'node:os';
import type { AgreementSummary } from './agreement.js';
import type { HiveCommands } from './extra-gateways.js';
import type { ResponseCacheLookups } from './response-cache-lookups.js';
import type { BenchSettings } from './settings.js';
import { type Measurement, renderResults, requestsPerSecond } from './table.js';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function renderReport(input: {
  settings: BenchSettings;
  /** % of one core busy before the stack started (usage.ts, sampleMachineBusy). */
  busyBefore: number;
  startupSeconds: number;
  totalSeconds: number;
  agreement: AgreementSummary;
  measurements: readonly Measurement[];
  /** Scenario H: how Hive Gateway was installed and run, or why it was skipped. */
  hive: { version: string; commands: HiveCommands } | { skipped: string };
  /** Scenario A-cache's hits and misses over the run; undefined when it did not run. */
  responseCache: ResponseCacheLookups | undefined;
}): string {
  const { settings, busyBefore, agreement, measurements, hive } = input;
  const cores = cpus();
  const lines = [
    `Machine: ${cores.length} CPUs (${cores[0]?.model.trim() ?? 'unknown'}), ${megabytes(totalmem())} RAM, ` +
      `Node ${process.version} ${process.platform}/${process.arch}; busy before start: ${Math.round(busyBefore)}% of one core`,
    `Warm-up: ${settings.initialWarmupSeconds} s of each scenario first; per row ${settings.warmupSeconds} s more, then ${settings.durationSeconds} s measured; ` +
      `concurrency ${settings.connections.join(', ')}; scenario B client: ${settings.directClient === 'http' ? 'node:http keep-alive agent' : 'fetch (undici)'}`,
    `Stack started in ${input.startupSeconds.toFixed(1)} s (compiled, NODE_ENV=production); whole run ${input.totalSeconds.toFixed(0)} s`,
    `Same page both ways: ${agreement.products} products, ${agreement.reviews} reviews, ${agreement.authors} distinct authors`,
    '',
    'A gateway = PRODUCT_PAGE_QUERY through the gateway (autocannon), edge on. A-off = the same through a second',
    'gateway process with EDGE=off (no rate limits, operation limits, CORS, request ids, request metrics). A-cache =',
    'the same through a gateway with RESPONSE_CACHE=on (A runs with it off, the default). H = the',
    'same through Hive Gateway on the same supergraph and subgraphs. B direct = the same plan run by the client',
    'against the subgraphs (catalog, then pricing ‖ warehouse ‖ review→customer); one B request = the whole sequence.',
    'CPU columns: % of one core during the measured seconds (machine: all cores); CPU gw = the gateway of that row',
    '(B: the idle stack gateway); other = machine minus the',
    "stack and this client: the kernel and anything else running here (other people's tests make it noisy).",
    '',
    renderResults(measurements),
    '',
  ];

  const ratio = (connections: number, over: Measurement['scenario']) => {
    const find = (scenario: Measurement['scenario']) =>
      measurements.find((m) => m.connections === connections && m.scenario === scenario)?.load;
    const edgeOn = find('gateway');
    const other = find(over);
    return edgeOn && other ? (requestsPerSecond(edgeOn) / requestsPerSecond(other)).toFixed(2) : '-';
  };
  const ratios = (over: Measurement['scenario']) =>
    settings.connections.map((connections) => `${connections} conns ${ratio(connections, over)}`).join(', ');
  lines.push(`A edge-on req/s ÷ A-off req/s: ${ratios('gateway-off')}  (goal ≥ 0.90: the edge costs at most 10%)`);
  lines.push(`A edge-on req/s ÷ Hive req/s:  ${'skipped' in hive ? 'skipped' : ratios('hive')}`);
  lines.push(`A edge-on req/s ÷ direct req/s: ${ratios('direct')}`);
  if (input.responseCache) {
    const { hits, misses } = input.responseCache;
    const inverse = (connections: number) => {
      const find = (scenario: Measurement['scenario']) =>
        measurements.find((m) => m.connections === connections && m.scenario === scenario)?.load;
      const on = find('gateway-cached');
      const off = find('gateway');
      return on && off ? (requestsPerSecond(on) / requestsPerSecond(off)).toFixed(2) : '-';
    };
    lines.push(
      `A-cache req/s ÷ A req/s: ${settings.connections.map((c) => `${c} conns ${inverse(c)}`).join(', ')}` +
        `  (response cache: ${hits} hits, ${misses} misses over the run)`,
    );
  }
  if ('skipped' in hive) {
    lines.push(`Hive Gateway: skipped — ${hive.skipped}`);
  } else {
    lines.push(`Hive Gateway ${hive.version}, installed with: ${hive.commands.install}`);
    lines.push(`  run as: ${hive.commands.serve}`);
    lines.push(`  with ${hive.commands.config}`);
  }
  const interference = Math.max(busyBefore, ...measurements.map((m) => m.cpu.other));
  if (interference > 20) {
    lines.push(
      `Note: other work used up to ${Math.round(interference)}% of a core during the run (${cores.length} CPUs in all): the figures are noisy.`,
    );
  }
  return lines.join('\n');
}
