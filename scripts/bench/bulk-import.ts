import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTokenSigner } from '../../shared/auth/tokens.js';
import { loadAuthConfig } from '../../shared/config.js';
import type { Stack } from '../stack/stack.js';
import { addBenchProduct, closeBenchPools, openBenchPools } from './bench-products.js';
import {
  type CheckoutClient,
  type CheckoutProducts,
  type Customer,
  checkoutOnce,
  createCheckoutClient,
  PLENTIFUL_UNITS,
  registerCustomer,
} from './checkout-flow.js';
import { LatencyRecorder, type LatencySummary } from './latency.js';
import type { BenchSettings } from './settings.js';

/**
 * Scenario `bulk`: a bulk order import of BENCH_BULK_LINES lines (5 per order) placed by the
 * workers at their BULK_ORDER_RATE_PER_SECOND, while BENCH_BULK_SHOPPERS customers check out
 * back to back through the gateway. It reports the import's throughput (orders placed per second,
 * from the import's own startedAt and finishedAt) and the checkouts' latency before the import
 * (BENCH_DURATION_SECONDS) and while it runs: what an import costs the shoppers.
 */

const LINES_PER_ORDER = 5;
const CHUNK_CHARS = 300_000;
const PRICES = { EUR: '9.90' };
const HEADER = 'orderRef,customerId,shippingAddressId,productId,quantity,promotionCode';

const CREATE = `mutation($input: CreateBulkOrderImportInput!) { createBulkOrderImport(input: $input) { id } }`;
const APPEND = `mutation($importId: ID!, $sequence: Int!, $content: String!) {
  appendBulkOrderImportChunk(importId: $importId, sequence: $sequence, content: $content) { id }
}`;
const START = 'mutation($importId: ID!) { startBulkOrderImport(importId: $importId) { id status } }';
const READ = `query($id: ID!) { bulkOrderImport(id: $id) {
  status doneRows totalRows placedOrders placedRows failedRows failure startedAt finishedAt
} }`;

interface ImportState {
  status: string;
  doneRows: number;
  totalRows: number;
  placedOrders: number;
  placedRows: number;
  failedRows: number;
  failure: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

async function must<T>(client: CheckoutClient, token: string, query: string, variables: Record<string, unknown>) {
  const answer = await client.post(token, query, variables);
  if (answer.errors || !answer.data) throw new Error(`bulk: ${JSON.stringify(answer.errors)}`);
  return answer.data as T;
}

/** The import file: orders of LINES_PER_ORDER lines, round-robin over the customers and products. */
function importFile(lines: number, customers: readonly Customer[], products: readonly string[]): string[] {
  const chunks: string[] = [];
  let current = `${HEADER}\n`;
  for (let line = 0; line < lines; line++) {
    const order = Math.floor(line / LINES_PER_ORDER);
    const customer = customers[order % customers.length] as Customer;
    const product = products[line % products.length] as string;
    const row = `bench-${order},${customer.id},${customer.addressId},${product},1,\n`;
    if (current.length + row.length > CHUNK_CHARS) {
      chunks.push(current);
      current = '';
    }
    current += row;
  }
  chunks.push(current);
  return chunks;
}

/** Customers checking out back to back until `stop` says so; their checkout latencies. */
async function checkoutsUntil(
  client: CheckoutClient,
  customers: readonly Customer[],
  products: CheckoutProducts,
  stop: () => boolean,
): Promise<{ latency: LatencySummary; failed: number }> {
  const latency = new LatencyRecorder();
  let failed = 0;
  await Promise.all(
    customers.map(async (customer) => {
      for (let round = 0; !stop(); round++) {
        const begun = performance.now();
        const outcome = await checkoutOnce(client, customer, customer.cartId, products, round);
        if (outcome.outcome === 'placed') latency.record(outcome.answeredAt - begun);
        else failed += 1;
        await outcome.cleanUp?.();
      }
    }),
  );
  return { latency: latency.summary(), failed };
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));

export async function benchBulkImport(options: {
  stack: Stack;
  settings: BenchSettings;
  progress: (message: string) => void;
}): Promise<string> {
  const { stack, settings, progress } = options;
  const pools = openBenchPools(stack);
  try {
    const client = createCheckoutClient(stack.gatewayUrl);
    const label = (n: number) => ({ label: `bulk ${n}`, units: PLENTIFUL_UNITS, prices: PRICES });
    const imported = await Promise.all([1, 2, 3, 4].map((n) => addBenchProduct(pools, label(n))));
    const bought = await Promise.all([5, 6, 7].map((n) => addBenchProduct(pools, label(n))));
    const products: CheckoutProducts = { plentiful: bought, scarce: bought[0] as string };
    progress(`bulk: registering ${settings.bulkShoppers} shoppers…`);
    const shoppers: Customer[] = [];
    for (let i = 0; i < settings.bulkShoppers; i++) shoppers.push(await registerCustomer(client));

    const signer = await createTokenSigner(loadAuthConfig(stack.serviceEnv as Record<string, string | undefined>));
    const token = await signer.sign('bench-order-admin', ['order_admin'], 3600);
    const chunks = importFile(settings.bulkLines, shoppers, imported);
    const { createBulkOrderImport } = await must<{ createBulkOrderImport: { id: string } }>(client, token, CREATE, {
      input: { format: 'CSV', mode: 'BEST_EFFORT', fileKey: `bench-${Date.now()}.csv` },
    });
    const importId = createBulkOrderImport.id;
    for (const [sequence, content] of chunks.entries()) {
      await must(client, token, APPEND, { importId, sequence, content });
    }

    progress(`bulk: ${settings.durationSeconds} s of checkouts without an import…`);
    const baselineEnds = performance.now() + settings.durationSeconds * 1000;
    const before = await checkoutsUntil(client, shoppers, products, () => performance.now() > baselineEnds);

    progress(`bulk: importing ${settings.bulkLines} lines while the shoppers check out…`);
    await must(client, token, START, { importId });
    let state: ImportState | undefined;
    let done = false;
    const watcher = (async () => {
      while (!done) {
        state = (await must<{ bulkOrderImport: ImportState }>(client, token, READ, { id: importId })).bulkOrderImport;
        done = ['COMPLETED', 'FAILED', 'ROLLED_BACK'].includes(state.status);
        if (!done) await sleep(500);
      }
    })();
    const during = await checkoutsUntil(client, shoppers, products, () => done);
    await watcher;
    const final = state as ImportState;
    if (final.status !== 'COMPLETED') throw new Error(`bulk: the import ended ${final.status}: ${final.failure}`);
    const seconds = (Date.parse(final.finishedAt ?? '') - Date.parse(final.startedAt ?? '')) / 1000;

    const rows = [
      '| checkouts | count | failed | p50 ms | p95 ms | p99 ms |',
      '|---|---|---|---|---|---|',
      `| without an import | ${before.latency.count} | ${before.failed} | ${ms(before.latency.p50Ms)} | ${ms(before.latency.p95Ms)} | ${ms(before.latency.p99Ms)} |`,
      `| during the import | ${during.latency.count} | ${during.failed} | ${ms(during.latency.p50Ms)} | ${ms(during.latency.p95Ms)} | ${ms(during.latency.p99Ms)} |`,
    ];
    return [
      `Bulk order import: ${settings.bulkLines} lines, ${final.placedOrders} orders placed (${final.failedRows} rows failed) in ${seconds.toFixed(1)} s = ${(final.placedOrders / seconds).toFixed(1)} orders/s`,
      `(at most the workers' BULK_ORDER_RATE_PER_SECOND; ${settings.bulkShoppers} shoppers checking out back to back meanwhile)`,
      '',
      ...rows,
    ].join('\n');
  } finally {
    await closeBenchPools(pools);
  }
}
