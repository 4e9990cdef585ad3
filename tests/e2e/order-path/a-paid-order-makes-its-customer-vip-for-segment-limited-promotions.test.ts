import { describe, expect, it } from 'vitest';
import {
  asShopper,
  cartOf,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  notifyPayment,
  ORDER_FIELDS,
  type OrderView,
  paymentFor,
  placeOrder,
  type Shopper,
} from './fixtures.js';

const CANCEL = `mutation($orderId: ID!, $reason: String!) { cancelOrder(orderId: $orderId, reason: $reason) { ${ORDER_FIELDS} } }`;

async function segmentsOf(shopper: Shopper): Promise<string[]> {
  const response = await asShopper<{ me: { segments: string[] } }>(shopper, '{ me { segments } }');
  expect(response.errors).toBeUndefined();
  return response.data?.me.segments ?? [];
}

describe('a paid order, through the workers', () => {
  it('makes its customer VIP for a segment-limited code, and its cancellation takes it back', async () => {
    const shopper = await newShopper();
    // USD: the demo shop's automatic promotion (EUR) leaves the total whole.
    const product = await newProduct({ prices: { USD: '1000.00' }, units: 5 });
    const vipOnly = await newPromotion({ segments: ['VIP'] });
    const code = vipOnly.code as string;
    expect(await segmentsOf(shopper)).toEqual(['NEW']);

    const placed = await placeOrder(
      shopper,
      await cartOf(shopper, [{ productId: product, quantity: 1 }], { currency: 'USD' }),
    );
    expect(placed.errors).toBeUndefined();
    const first = placed.data?.placeOrder as OrderView;
    expect((await notifyPayment(paymentFor(first))).status).toBe(200);
    // The customer subgraph learns of the payment only from the OrderPaid event its consumer applies.
    await eventually(async () => expect(await segmentsOf(shopper)).toEqual(['VIP']));

    const second = await placeOrder(
      shopper,
      await cartOf(shopper, [{ productId: product, quantity: 1 }], { currency: 'USD', codes: [code] }),
    );
    expect(second.errors).toBeUndefined();
    expect(second.data?.placeOrder.discounts.map((d) => [d.code, d.amount.amount])).toEqual([[code, '100.00']]);

    const cancelled = await asShopper(shopper, CANCEL, { orderId: first.id, reason: 'changed my mind' });
    expect(cancelled.errors).toBeUndefined();
    await eventually(async () => expect(await segmentsOf(shopper)).toEqual(['NEW']));
  });
});
