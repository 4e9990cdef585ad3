import { systemActor } from '../../shared/auth/audit-actor.js';
import { newId } from '../../shared/ids.js';
import type { SubgraphName } from '../../shared/services.js';
import { parseInput } from '../../shared/validation.js';
import { connectPromotionDatabase } from '../../subgraphs/promotion/src/data/database.js';
import { createManagedPromotion } from '../../subgraphs/promotion/src/data/promotion-management.js';
import { promotionTerms } from '../../subgraphs/promotion/src/domain/promotion-input.js';
import { addBenchProduct, type BenchPools, closeBenchPools, openBenchPools } from '../bench/bench-products.js';
import {
  type CheckoutClient,
  type Customer,
  createCart,
  createCheckoutClient,
  registerCustomer,
} from '../bench/checkout-flow.js';
import { paymentSignatureHeader, paymentWebhookUrl, succeededPaymentFor } from '../payments/payment-provider.js';
import type { AcknowledgedOrder } from './checks.js';

/**
 * The shop a drill loads: products with plenty of stock, a promotion every cart carries (so a
 * checkout holds and confirms a promotion use as well as stock), and customers registered
 * through the gateway. A checkout is what a storefront and a payment provider do together:
 * a new cart, a line, the code, placeOrder, then the signed payment notification, sent again
 * (same notification id) until the shop answers 200, as providers retry.
 */

const PLENTIFUL_UNITS = 10_000_000;
const PAYMENT_ATTEMPTS = 5;
const PAYMENT_RETRY_MS = 1000;
const REQUEST_TIMEOUT_MS = 10_000;

const ADD_LINE = 'mutation Add($input: CartLineInput!) { addCartLine(input: $input) { id } }';
const APPLY_CODE =
  'mutation Code($cartId: ID!, $code: String!) { applyPromotionCode(cartId: $cartId, code: $code) { id } }';
const PLACE_ORDER =
  'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id total { amount currency } } }';

export interface DrillTarget {
  gatewayUrl: string;
  databaseUrl(subgraph: SubgraphName): string;
  paymentWebhookSecret: string;
}

export interface DrillShop {
  productIds: string[];
  promotion: { id: string; code: string };
  /** on_hand of each product's stock item before any drill, keyed `${warehouseId}/${productId}`. */
  initialOnHand: Map<string, number>;
  /** One checkout; never rejects. `acknowledge` is called as soon as the shop said yes. */
  checkout(round: number, acknowledge: (order: AcknowledgedOrder) => void): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}

type Answer = Awaited<ReturnType<CheckoutClient['post']>>;
const failure = (step: string, answer: Answer) => {
  const error = answer.errors?.[0];
  return `${step}: ${error?.extensions?.code ?? 'NO_DATA'}: ${error?.message ?? ''}`;
};

export async function prepareDrillShop(target: DrillTarget, customerCount: number): Promise<DrillShop> {
  const pools: BenchPools = openBenchPools(target);
  const client = createCheckoutClient(target.gatewayUrl);
  try {
    const productIds: string[] = [];
    for (const n of [1, 2, 3]) {
      productIds.push(
        await addBenchProduct(pools, { label: `drill ${n}`, units: PLENTIFUL_UNITS, prices: { EUR: '9.90' } }),
      );
    }
    const stock = await pools.warehouse.query<{ warehouseId: string; productId: string; onHand: number }>(
      `SELECT warehouse_id AS "warehouseId", product_id AS "productId", on_hand AS "onHand"
       FROM stock_item WHERE product_id = ANY($1)`,
      [productIds],
    );
    const initialOnHand = new Map(stock.rows.map((row) => [`${row.warehouseId}/${row.productId}`, row.onHand]));
    const promotion = await addDrillPromotion(target.databaseUrl('promotion'));
    const customers: Customer[] = [];
    // One at a time: registering hashes a password, and nothing is measured yet.
    for (let i = 0; i < customerCount; i++) customers.push(await registerCustomer(client));
    const webhookUrl = paymentWebhookUrl(target.gatewayUrl);

    const pay = async (order: { id: string; total: { amount: string; currency: string } }) => {
      const body = JSON.stringify(succeededPaymentFor(order));
      let last = '';
      for (let attempt = 1; attempt <= PAYMENT_ATTEMPTS; attempt++) {
        try {
          const response = await fetch(webhookUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...paymentSignatureHeader(target.paymentWebhookSecret, body),
            },
            body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          await response.body?.cancel();
          if (response.status === 200) return undefined;
          last = `payment: HTTP ${response.status}`;
        } catch (error) {
          last = `payment: ${String(error)}`;
        }
        if (attempt < PAYMENT_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, PAYMENT_RETRY_MS));
      }
      return last;
    };

    return {
      productIds,
      promotion,
      initialOnHand,
      async checkout(round, acknowledge) {
        const customer = customers[round % customers.length] as Customer;
        try {
          const cartId = await createCart(client, customer.token);
          const productId = productIds[round % productIds.length] as string;
          const added = await client.post(customer.token, ADD_LINE, { input: { cartId, productId, quantity: 1 } });
          if (added.errors || !added.data) return { ok: false, error: failure('addCartLine', added) };
          const coded = await client.post(customer.token, APPLY_CODE, { cartId, code: promotion.code });
          if (coded.errors || !coded.data) return { ok: false, error: failure('applyPromotionCode', coded) };
          const placed = await client.post(customer.token, PLACE_ORDER, {
            input: { cartId, idempotencyKey: newId(), shippingAddressId: customer.addressId },
          });
          const order = placed.data?.placeOrder as
            | { id: string; total: { amount: string; currency: string } }
            | undefined;
          if (placed.errors || !order) return { ok: false, error: failure('placeOrder', placed) };
          acknowledge({ orderId: order.id, paid: false, promotionId: promotion.id });
          const paymentError = await pay(order);
          if (paymentError) return { ok: false, error: paymentError };
          acknowledge({ orderId: order.id, paid: true, promotionId: promotion.id });
          return { ok: true };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      },
      close: () => closeBenchPools(pools),
    };
  } catch (error) {
    await closeBenchPools(pools);
    throw error;
  }
}

/** A running 5 %-off promotion without limits, created as staff would create it; not advertised. */
async function addDrillPromotion(databaseUrl: string): Promise<{ id: string; code: string }> {
  const database = connectPromotionDatabase({ databaseUrl, databaseSchema: 'promotion', poolSize: 1 });
  try {
    const code = `DRILL${newId()}`.slice(0, 32);
    const terms = parseInput(promotionTerms, {
      code,
      name: 'Failure drill',
      kind: 'PERCENTAGE',
      value: '5',
      currency: null,
      advertised: false,
      startsAt: new Date(Date.now() - 60_000),
    });
    const promotion = await createManagedPromotion(database, terms, {
      actor: systemActor('failure-drill'),
      requestId: null,
      acceptConflicts: true,
      now: new Date(),
    });
    return { id: promotion.id, code };
  } finally {
    await database.$disconnect();
  }
}
