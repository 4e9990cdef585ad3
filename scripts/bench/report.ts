import { cpus, totalmem } from 'node:os';
import type { AgreementSummary } from './agreement.js';
import type { BenchSettings } from './settings.js';
import { type Measurement, renderResults, requestsPerSecond } from './table.js';
import type { ResidentMemory } from './usage.js';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function renderReport(input: {
  settings: BenchSettings;
  /** % of one core busy before the stack started (usage.ts, sampleMachineBusy). */
  busyBefore: number;
  startupSeconds: number;
  totalSeconds: number;
  agreement: AgreementSummary;
  measurements: readonly Measurement[];
  memory: ResidentMemory | undefined;
}): string {
  const { settings, busyBefore, agreement, measurements, memory } = input;
  const cores = cpus();
  const lines = [
    `Machine: ${cores.length} CPUs (${cores[0]?.model.trim() ?? 'unknown'}), ${megabytes(totalmem())} RAM, ` +
      `Node ${process.version} ${process.platform}/${process.arch}; busy before start: ${Math.round(busyBefore)}% of one core`,
    `Warm-up: ${settings.initialWarmupSeconds} s of each scenario first; per row ${settings.warmupSeconds} s more, then ${settings.durationSeconds} s measured; ` +
      `concurrency ${settings.connections.join(', ')}; scenario B client: ${settings.directClient === 'http' ? 'node:http keep-alive agent' : 'fetch (undici)'}`,
    `Stack started in ${input.startupSeconds.toFixed(1)} s (compiled, NODE_ENV=production); whole run ${input.totalSeconds.toFixed(0)} s`,
    `Same page both ways: ${agreement.products} products, ${agreement.reviews} reviews, ${agreement.authors} distinct authors`,
    '',
    'A gateway = PRODUCT_PAGE_QUERY through the gateway (autocannon). B direct = the same plan run by the client',
    'against the subgraphs (catalog, then pricing ‖ warehouse ‖ review→customer); one B request = the whole sequence.',
    'CPU columns: % of one core during the measured seconds (machine: all cores); other = machine minus the',
    "stack and this client: the kernel and anything else running here (other people's tests make it noisy).",
    '',
    renderResults(measurements),
    '',
  ];

  const ratios = settings.connections.map((connections) => {
    const find = (scenario: Measurement['scenario']) =>
      measurements.find((m) => m.connections === connections && m.scenario === scenario)?.load;
    const viaGateway = find('gateway');
    const direct = find('direct');
    const ratio = viaGateway && direct ? (requestsPerSecond(viaGateway) / requestsPerSecond(direct)).toFixed(2) : '-';
    return `${connections} conns ${ratio}`;
  });
  lines.push(`Gateway req/s ÷ direct req/s: ${ratios.join(', ')}`);
  if (memory) {
    lines.push(
      `Memory at the end: gateway RSS ${megabytes(memory.gateway)}; the ${memory.subgraphCount} subgraphs ${megabytes(memory.subgraphs)} together`,
    );
  }
  const interference = Math.max(busyBefore, ...measurements.map((m) => m.cpu.other));
  if (interference > 20) {
    lines.push(
      `Note: other work used up to ${Math.round(interference)}% of a core during the run (${cores.length} CPUs in all): the figures are noisy.`,
    );
  }
  return lines.join('\n');
}
