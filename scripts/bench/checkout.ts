import { performance } from 'node:perf_hooks';
import { newId } from '../../shared/ids.js';
import type { Stack } from '../stack/stack.js';
import { addBenchProduct, closeBenchPools, openBenchPools } from './bench-products.js';
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
 * Customers register and add their address through the gateway, as a storefront's would; only
 * the bench products are written straight to the throwaway database (no catalog mutations yet).
 * Everything measured goes through the gateway.
 */

const SCARCE_UNITS = 50;
const PLENTIFUL_UNITS = 10_000_000;

const ADD_LINE = 'mutation Add($input: CartLineInput!) { addCartLine(input: $input) { id } }';
const REMOVE_LINE =
  'mutation Remove($cartId: ID!, $productId: ID!) { removeCartLine(cartId: $cartId, productId: $productId) { id } }';
const PLACE_ORDER =
  'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status total { amount currency } } }';
const CREATE_CART = 'mutation Cart { createCart(currency: "EUR") { cart { id } } }';
const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { accessToken customer { id } }
}`;
const ADD_ADDRESS = `mutation AddAddress($input: AddressInput!) {
  addAddress(input: $input) { id }
}`;

interface Customer {
  id: string;
  addressId: string;
  token: string;
  cartId: string;
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

/** A small GraphQL client (fetch keeps connections alive, as a browser would). */
function createClient(url: string) {
  const post = async (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    return (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
  };
  return { post };
}

export async function benchCheckout(options: {
  stack: Stack;
  settings: BenchSettings;
  progress: (message: string) => void;
}): Promise<string> {
  const { stack, settings, progress } = options;
  assertLoopback(stack.gatewayUrl);
  const pools = openBenchPools(stack);
  const client = createClient(stack.gatewayUrl);
  try {
    progress('checkout: creating bench products and customers…');
    const prices = { EUR: '9.90' };
    const plentiful = await Promise.all(
      [1, 2, 3].map((n) => addBenchProduct(pools, { label: `plentiful ${n}`, units: PLENTIFUL_UNITS, prices })),
    );
    const scarce = await addBenchProduct(pools, { label: 'scarce', units: SCARCE_UNITS, prices });
    const customers: Customer[] = [];
    for (let i = 0; i < Math.max(...settings.connections); i++) {
      const registered = await client.post(null, REGISTER, {
        input: {
          email: `bench-${newId().toLowerCase()}@example.com`,
          password: 'bench customer passphrase',
          name: 'Bench Customer',
        },
      });
      const account = registered.data?.register as { accessToken: string; customer: { id: string } } | undefined;
      if (!account) throw new Error(`checkout: could not register: ${JSON.stringify(registered.errors)}`);
      const token = account.accessToken;
      const id = account.customer.id;
      const address = await client.post(token, ADD_ADDRESS, {
        input: {
          label: 'Home',
          recipient: 'Bench Customer',
          line1: '1 Bench Street',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
      });
      const addressId = (address.data?.addAddress as { id: string } | undefined)?.id;
      if (!addressId) throw new Error(`checkout: could not add an address: ${JSON.stringify(address.errors)}`);
      const cart = await client.post(token, CREATE_CART);
      const cartId = (cart.data?.createCart as { cart: { id: string } } | undefined)?.cart.id;
      if (!cartId) throw new Error(`checkout: could not create a cart: ${JSON.stringify(cart.errors)}`);
      customers.push({ id, addressId, token, cartId });
    }

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
          const product = plentiful[round % plentiful.length] as string;
          const withScarce = round % 4 === 0;
          const added = await client.post(customer.token, ADD_LINE, {
            input: { cartId: customer.cartId, productId: product, quantity: 1 },
          });
          if (withScarce && !added.errors) {
            await client.post(customer.token, ADD_LINE, {
              input: { cartId: customer.cartId, productId: scarce, quantity: 1 },
            });
          }
          const placeBegun = performance.now();
          const order = await client.post(customer.token, PLACE_ORDER, {
            input: { cartId: customer.cartId, idempotencyKey: newId(), shippingAddressId: customer.addressId },
          });
          const now = performance.now();
          placing.record(now - placeBegun);
          checkout.record(now - begun);
          const code = order.errors?.[0]?.extensions?.code;
          if (!order.errors && order.data?.placeOrder) placed++;
          else if (code === 'OUT_OF_STOCK') {
            outOfStock++;
            await client.post(customer.token, REMOVE_LINE, { cartId: customer.cartId, productId: scarce });
          } else {
            failed++;
            lastError = `${code}: ${order.errors?.[0]?.message}`;
          }
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
      progress(
        `checkout × ${connections}: ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured…`,
      );
      await run(connections, settings.warmupSeconds);
      const result = await run(connections, settings.durationSeconds);
      lastError = result.lastError ?? lastError;
      const sold = await pools.order.query<{ units: string | null }>(
        `SELECT SUM(l.quantity) AS units FROM order_line l JOIN "order" o ON o.id = l.order_id
         WHERE l.product_id = $1 AND o.status NOT IN ('CANCELLED', 'EXPIRED')`,
        [scarce],
      );
      const stock = await pools.warehouse.query<{ negative: string }>(
        'SELECT COUNT(*) AS negative FROM stock_item WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand',
      );
      const oversold = Math.max(0, Number(sold.rows[0]?.units ?? 0) - SCARCE_UNITS) + Number(stock.rows[0]?.negative);
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
        `${sold.rows[0]?.units ?? 0}/${SCARCE_UNITS}`,
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
      'Checkout through the gateway (add to cart, then placeOrder; ms; one customer per connection,',
      `one order in four also wants the scarce product, ${SCARCE_UNITS} units in stock)`,
      table,
      ...(lastError ? [`last failure: ${lastError}`] : []),
    ].join('\n');
  } finally {
    await closeBenchPools(pools);
  }
}
