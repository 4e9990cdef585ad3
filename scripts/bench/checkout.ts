import { performance } from 'node:perf_hooks';
import type { Stack } from '../stack/stack.js';
import { addBenchProduct, type BenchPools, closeBenchPools, openBenchPools } from './bench-products.js';
import {
  type CheckoutClient,
  type Customer,
  checkoutOnce,
  countOversold,
  createCheckoutClient,
  PLENTIFUL_UNITS,
  registerCustomer,
  SCARCE_UNITS,
} from './checkout-flow.js';
import { benchOpenLoopCheckout } from './checkout-open-loop.js';
import { LatencyRecorder, type LatencySummary } from './latency.js';
import { assertLoopback, type BenchSettings } from './settings.js';
import { renderTable } from './table.js';

/**
 * Checkout through the gateway: each virtual customer, signed in, adds a unit of a plentiful
 * product to their cart (and, one time in four, a unit of a scarce product with SCARCE_UNITS in
 * stock), then places the order with a fresh idempotency key. A customer whose order is refused
 * OUT_OF_STOCK takes the scarce product out of the cart and goes on. After each row the order
 * lines of the scarce product are counted against its stock: any unit sold beyond it is
 * oversold, and must never be.
 *
 * Two ways of loading it, each optional: the closed loop (here: N customers, each checking out
 * again as soon as the last checkout ended) and the open loop (checkout-open-loop.ts: checkouts
 * due at a fixed rate, latency from the due time).
 *
 * Customers register and add their address through the gateway, as a storefront's would; only
 * the bench products are written straight to the throwaway database (no catalog mutations yet).
 * Everything measured goes through the gateway.
 */

/** What both loops share: products, signed-in customers, a client and database pools. */
export interface CheckoutFixture {
  client: CheckoutClient;
  pools: BenchPools;
  plentiful: string[];
  customers: Customer[];
  /** A new scarce product with SCARCE_UNITS in stock; its id. */
  addScarceProduct(): Promise<string>;
}

const PRICES = { EUR: '9.90' };

async function prepareCheckout(stack: Stack, customerCount: number): Promise<CheckoutFixture> {
  const pools = openBenchPools(stack);
  try {
    const client = createCheckoutClient(stack.gatewayUrl);
    const plentiful = await Promise.all(
      [1, 2, 3].map((n) => addBenchProduct(pools, { label: `plentiful ${n}`, units: PLENTIFUL_UNITS, prices: PRICES })),
    );
    const customers: Customer[] = [];
    // One at a time: registering hashes a password, and the stack is not what is measured yet.
    for (let i = 0; i < customerCount; i++) customers.push(await registerCustomer(client));
    return {
      client,
      pools,
      plentiful,
      customers,
      addScarceProduct: () => addBenchProduct(pools, { label: 'scarce', units: SCARCE_UNITS, prices: PRICES }),
    };
  } catch (error) {
    await closeBenchPools(pools);
    throw error;
  }
}

interface CheckoutResult {
  connections: number;
  elapsedSeconds: number;
  placed: number;
  outOfStock: number;
  failed: number;
  checkout: LatencySummary;
  placeOrder: LatencySummary;
  lastError: string | undefined;
}

/** The closed loop: one row per BENCH_CONNECTIONS, that many customers checking out back to back. */
async function benchClosedLoopCheckout(
  fixture: CheckoutFixture,
  settings: BenchSettings,
  progress: (message: string) => void,
): Promise<string> {
  const { client, customers } = fixture;
  const products = { plentiful: fixture.plentiful, scarce: await fixture.addScarceProduct() };

  const run = async (connections: number, durationSeconds: number): Promise<CheckoutResult> => {
    const checkout = new LatencyRecorder();
    const placing = new LatencyRecorder();
    let placed = 0;
    let outOfStock = 0;
    let failed = 0;
    let lastError: string | undefined;
    const started = performance.now();
    const deadline = started + durationSeconds * 1000;
    const customerLoop = async (customer: Customer) => {
      let round = 0;
      while (performance.now() < deadline) {
        round++;
        const begun = performance.now();
        const result = await checkoutOnce(client, customer, customer.cartId, products, round);
        placing.record(result.placeOrderMs);
        checkout.record(result.answeredAt - begun);
        if (result.outcome === 'placed') placed++;
        else if (result.outcome === 'out-of-stock') outOfStock++;
        else {
          failed++;
          lastError = result.error;
        }
        await result.cleanUp?.();
      }
    };
    await Promise.all(customers.slice(0, connections).map(customerLoop));
    return {
      connections,
      elapsedSeconds: (performance.now() - started) / 1000,
      placed,
      outOfStock,
      failed,
      checkout: checkout.summary(),
      placeOrder: placing.summary(),
      lastError,
    };
  };

  const rows: string[][] = [];
  let lastError: string | undefined;
  for (const connections of settings.connections) {
    progress(`checkout × ${connections}: ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured…`);
    await run(connections, settings.warmupSeconds);
    const result = await run(connections, settings.durationSeconds);
    lastError = result.lastError ?? lastError;
    const { sold, oversold } = await countOversold(fixture.pools, products.scarce);
    const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
    rows.push([
      String(connections),
      (result.placed / result.elapsedSeconds).toFixed(1),
      ms(result.checkout.p50Ms),
      ms(result.checkout.p95Ms),
      ms(result.checkout.p99Ms),
      ms(result.placeOrder.p50Ms),
      ms(result.placeOrder.p95Ms),
      ms(result.placeOrder.p99Ms),
      String(result.outOfStock),
      String(result.failed),
      `${sold}/${SCARCE_UNITS}`,
      String(oversold),
    ]);
  }
  const table = renderTable(
    [
      { header: 'customers', align: 'right' },
      { header: 'orders/s', align: 'right' },
      { header: 'checkout p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'placeOrder p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'out of stock', align: 'right' },
      { header: 'failed', align: 'right' },
      { header: 'scarce sold', align: 'right' },
      { header: 'oversold', align: 'right' },
    ],
    rows,
  );
  return [
    'Checkout through the gateway, closed loop (add to cart, then placeOrder; ms; one customer per connection,',
    `one order in four also wants the scarce product, ${SCARCE_UNITS} units in stock)`,
    table,
    ...(lastError ? [`last failure: ${lastError}`] : []),
  ].join('\n');
}

export async function benchCheckout(options: {
  stack: Stack;
  settings: BenchSettings;
  progress: (message: string) => void;
  /** Which loops to run. */
  closedLoop: boolean;
  openLoop: boolean;
  /** The stack's processes by name, for the open loop's CPU per checkout. */
  processPids: () => Record<string, number[]>;
}): Promise<string> {
  const { stack, settings, progress } = options;
  assertLoopback(stack.gatewayUrl);
  const customerCount = Math.max(...settings.connections);
  progress(`checkout: creating bench products and ${customerCount} customers…`);
  const fixture = await prepareCheckout(stack, customerCount);
  try {
    const reports: string[] = [];
    if (options.closedLoop) reports.push(await benchClosedLoopCheckout(fixture, settings, progress));
    if (options.openLoop) {
      reports.push(await benchOpenLoopCheckout({ fixture, settings, progress, processPids: options.processPids }));
    }
    return reports.join('\n\n');
  } finally {
    await closeBenchPools(fixture.pools);
  }
}
