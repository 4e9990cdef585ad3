import type { CheckoutFixture } from './checkout.js';
import {
  type CheckoutOutcome,
  type Customer,
  checkoutOnce,
  countOversold,
  createCart,
  SCARCE_UNITS,
} from './checkout-flow.js';
import { LatencyRecorder, type LatencySummary } from './latency.js';
import { type OpenLoopResult, runOpenLoop } from './open-loop.js';
import type { BenchSettings } from './settings.js';
import { renderTable } from './table.js';
import { measureProcessCpu, type ProcessCpuUsage } from './usage.js';

/**
 * Checkout at fixed offered rates (BENCH_CHECKOUT_RATES), open loop: a checkout is due every
 * 1/R s and starts when due, however many are still running; its latency runs from the due
 * time to placeOrder's answer, so queueing anywhere (gateway, subgraphs, PostgreSQL, this
 * client falling behind) is in the figures. placeOrder's own latency runs from sending it.
 *
 * A checkout needs a cart nobody else is using: each one takes a free cart of one of the
 * signed-in customers, and when all are busy a new cart is created for the next customer
 * (during warm-up, mostly, since every rate is run unmeasured first). Up to
 * BENCH_CHECKOUT_MAX_IN_FLIGHT run at once; checkouts due beyond that are dropped and counted.
 */

interface Slot {
  customer: Customer;
  cartId: string;
}

/** Carts not in use by a running checkout, kept from row to row. */
class CartSlots {
  private readonly free: Slot[];
  private next = 0;

  constructor(
    private readonly fixture: CheckoutFixture,
    customers: readonly Customer[],
  ) {
    this.free = customers.map((customer) => ({ customer, cartId: customer.cartId }));
  }

  async take(): Promise<Slot> {
    const slot = this.free.pop();
    if (slot) return slot;
    const customer = this.fixture.customers[this.next++ % this.fixture.customers.length] as Customer;
    return { customer, cartId: await createCart(this.fixture.client, customer.token) };
  }

  release(slot: Slot): void {
    this.free.push(slot);
  }
}

interface RowResult {
  rate: number;
  load: OpenLoopResult;
  placeOrder: LatencySummary;
  placed: number;
  outOfStock: number;
  failed: number;
  lastError: string | undefined;
  cpu: ProcessCpuUsage;
  sold: number;
  oversold: number;
}

async function runRate(
  fixture: CheckoutFixture,
  slots: CartSlots,
  rate: number,
  seconds: number,
  maxInFlight: number,
  scarce: string,
  round: { value: number },
) {
  const products = { plentiful: fixture.plentiful, scarce };
  const placeOrder = new LatencyRecorder();
  const cleanUps = new Set<Promise<unknown>>();
  const counts = { placed: 0, outOfStock: 0, failed: 0 };
  let lastError: string | undefined;
  const load = await runOpenLoop<CheckoutOutcome>({
    ratePerSecond: rate,
    durationSeconds: seconds,
    maxInFlight,
    operation: async () => {
      const failed = (error: unknown) => {
        lastError = error instanceof Error ? error.message : String(error);
        return error;
      };
      const slot = await slots.take().catch((error: unknown) => Promise.reject(failed(error)));
      let outcome: CheckoutOutcome;
      try {
        outcome = await checkoutOnce(fixture.client, slot.customer, slot.cartId, products, ++round.value);
      } catch (error) {
        slots.release(slot);
        throw failed(error);
      }
      // The cart is reused only once the customer has put it right; the checkout itself is over.
      const cleanUp = outcome.cleanUp;
      if (cleanUp) {
        const done = cleanUp()
          .catch(() => {})
          .finally(() => {
            cleanUps.delete(done);
            slots.release(slot);
          });
        cleanUps.add(done);
      } else {
        slots.release(slot);
      }
      return outcome;
    },
    onResult: (outcome) => {
      placeOrder.record(outcome.placeOrderMs);
      if (outcome.outcome === 'placed') counts.placed++;
      else if (outcome.outcome === 'out-of-stock') counts.outOfStock++;
      else {
        counts.failed++;
        lastError = outcome.error;
      }
    },
  });
  await Promise.all(cleanUps);
  return { load, placeOrder: placeOrder.summary(), ...counts, lastError };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '-');

/** Achieved orders per second: placed orders over the time from the first due checkout to the last answer. */
const ordersPerSecond = (row: RowResult) => row.placed / row.load.elapsedSeconds;

/** Checkouts answered (placed, out of stock or refused): what the CPU is divided by. */
const answered = (row: RowResult) => row.load.completed;

const cpuMsPerCheckout = (row: RowResult, cpuSeconds: number) =>
  answered(row) > 0 ? ms((1000 * cpuSeconds) / answered(row)) : '-';

/** The processes using most of the stack's CPU, as shares of it. */
function topShares(cpu: ProcessCpuUsage, count = 3): string {
  if (cpu.stackCpuSeconds <= 0) return '-';
  return Object.entries(cpu.processes)
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([name, seconds]) => `${name} ${Math.round((100 * seconds) / cpu.stackCpuSeconds)}%`)
    .join(', ');
}

function renderRows(rows: readonly RowResult[], maxInFlight: number): string {
  const main = renderTable(
    [
      { header: 'offered/s', align: 'right' },
      { header: 'orders/s', align: 'right' },
      { header: 'placeOrder p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'checkout p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'peak', align: 'right' },
      { header: 'dropped', align: 'right' },
      { header: 'errors', align: 'right' },
      { header: 'out of stock', align: 'right' },
      { header: 'scarce sold', align: 'right' },
      { header: 'oversold', align: 'right' },
      { header: 'CPU ms/checkout', align: 'right' },
      { header: 'top processes', align: 'left' },
      { header: 'other', align: 'right' },
    ],
    rows.map((row) => [
      String(row.rate),
      ordersPerSecond(row).toFixed(1),
      ms(row.placeOrder.p50Ms),
      ms(row.placeOrder.p95Ms),
      ms(row.placeOrder.p99Ms),
      ms(row.load.latency.p50Ms),
      ms(row.load.latency.p95Ms),
      ms(row.load.latency.p99Ms),
      String(row.load.peakInFlight),
      String(row.load.dropped),
      String(row.failed + row.load.errors),
      String(row.outOfStock),
      `${row.sold}/${SCARCE_UNITS}`,
      String(row.oversold),
      cpuMsPerCheckout(row, row.cpu.stackCpuSeconds),
      topShares(row.cpu),
      `${Math.round(row.cpu.other)}%`,
    ]),
  );
  const names = [...new Set(rows.flatMap((row) => Object.keys(row.cpu.processes)))];
  const perProcess = renderTable(
    [
      { header: 'offered/s', align: 'right' },
      ...names.map((name) => ({ header: name, align: 'right' as const })),
      { header: 'stack', align: 'right' },
      { header: 'client', align: 'right' },
    ],
    rows.map((row) => [
      String(row.rate),
      ...names.map((name) => {
        const seconds = row.cpu.processes[name];
        return seconds === undefined ? '-' : cpuMsPerCheckout(row, seconds);
      }),
      cpuMsPerCheckout(row, row.cpu.stackCpuSeconds),
      cpuMsPerCheckout(row, row.cpu.clientCpuSeconds),
    ]),
  );
  const best = rows.reduce<RowResult | undefined>(
    (top, row) => (!top || ordersPerSecond(row) > ordersPerSecond(top) ? row : top),
    undefined,
  );
  const highest = rows.at(-1);
  const kept = (row: RowResult) => ordersPerSecond(row) >= 0.95 * row.rate && row.load.dropped === 0;
  const busiestOther = Math.max(0, ...rows.map((row) => row.cpu.other));
  const lastErrors = rows.flatMap((row) => (row.lastError ? [`${row.rate}/s: ${row.lastError}`] : []));
  return [
    'Checkout through the gateway, open loop (add to cart, then placeOrder; ms): a checkout is due every 1/rate s and',
    'starts when due, whether or not earlier ones have finished. checkout = from the due time to placeOrder’s answer',
    '(queueing included); placeOrder = from sending it. orders/s = placed orders over the first due time to the last',
    `answer. peak = most checkouts running at once; dropped = due while ${maxInFlight} were running, never sent.`,
    `One order in four also wants a scarce product (${SCARCE_UNITS} units, a fresh one per row): out of stock is expected,`,
    'oversold must be 0. CPU ms/checkout = CPU of every stack process (gateway, subgraphs, workers, PostgreSQL,',
    'Redis) over answered checkouts; other = % of one core the machine spent on anything else.',
    main,
    '',
    'CPU ms per answered checkout, per process (with its child processes; client = this load generator):',
    perProcess,
    '',
    best
      ? `Saturation: ${ordersPerSecond(best).toFixed(1)} orders/s, the most achieved (offered ${best.rate}/s)` +
        (highest && kept(highest)
          ? `; not reached: the highest rate offered was kept up with, so offer more (BENCH_CHECKOUT_RATES)`
          : '')
      : 'Saturation: no rows',
    ...(lastErrors.length > 0 ? [`last failure: ${lastErrors.join('; ')}`] : []),
    ...(busiestOther > 20
      ? [`Note: other work used up to ${Math.round(busiestOther)}% of a core during these rows: the figures are noisy.`]
      : []),
  ].join('\n');
}

export async function benchOpenLoopCheckout(options: {
  fixture: CheckoutFixture;
  settings: BenchSettings;
  progress: (message: string) => void;
  processPids: () => Record<string, number[]>;
}): Promise<string> {
  const { fixture, settings, progress } = options;
  const { checkoutRates: rates, checkoutMaxInFlight: maxInFlight } = settings;
  const slots = new CartSlots(fixture, fixture.customers);
  const round = { value: 0 };
  const lowest = Math.min(...rates);
  // Warm-ups buy a second plentiful product where a measured row buys the scarce one: the
  // measured row's scarce product still has all its units when its race starts.
  const warmUpProducts = fixture.plentiful[1] as string;
  progress(`open-loop checkout at ${lowest}/s: ${settings.initialWarmupSeconds} s initial warm-up…`);
  await runRate(fixture, slots, lowest, settings.initialWarmupSeconds, maxInFlight, warmUpProducts, round);

  const rows: RowResult[] = [];
  for (const rate of rates) {
    // A fresh scarce product per row: every row races for the same 50 units, not for none.
    const scarce = await fixture.addScarceProduct();
    progress(
      `open-loop checkout at ${rate}/s: ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured…`,
    );
    await runRate(fixture, slots, rate, settings.warmupSeconds, maxInFlight, warmUpProducts, round);
    const { result, usage } = await measureProcessCpu(options.processPids, () =>
      runRate(fixture, slots, rate, settings.durationSeconds, maxInFlight, scarce, round),
    );
    const { sold, oversold } = await countOversold(fixture.pools, scarce);
    rows.push({ rate, ...result, cpu: usage, sold, oversold });
  }
  return renderRows(rows, maxInFlight);
}
