import { describe, expect, it } from 'vitest';
import {
  PromotionUnavailable,
  releaseStaleHolds,
  renewUses,
} from '../../../subgraphs/promotion/src/data/redemptions.js';
import { handleOrderEvent } from '../../../subgraphs/promotion/src/jobs/order-events.js';
import { orderEvent } from '../../support/events.js';
import { askAnOrderSubgraphThatIsDown, askTheOrderSubgraph, givenPlacedOrder } from '../../support/order-placements.js';
import {
  customerUses,
  givenPromotion,
  promotionDb,
  redemptionsOfOrder,
  reserve,
  reserveInput,
  timesUsed,
} from './redemptions.js';

async function orderHolding(promotionCode: string) {
  const input = reserveInput({ codes: [promotionCode] });
  expect((await reserve(input)).data?.reservePromotionUses.applied).toHaveLength(1);
  return input;
}

const statuses = async (orderId: string) => (await redemptionsOfOrder(orderId)).map((r) => r.status);

describe('order events and promotion uses', () => {
  it('confirms the held use when the order is paid, once, for the same event delivered twice or in parallel', async () => {
    const promotion = await givenPromotion({ usageLimit: 10 });
    const order = await orderHolding(promotion.code as string);
    const placed = orderEvent('OrderPlaced', order.orderId, 1, { customerId: order.customerId });
    const paid = orderEvent('OrderPaid', order.orderId, 2, { customerId: order.customerId });

    expect(await handleOrderEvent(promotionDb(), placed)).toBe('applied');
    expect(await statuses(order.orderId)).toEqual(['HELD']);
    const outcomes = await Promise.all([1, 2, 3].map(() => handleOrderEvent(promotionDb(), paid)));
    expect(outcomes.sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await handleOrderEvent(promotionDb(), paid)).toBe('duplicate');
    expect(await statuses(order.orderId)).toEqual(['CONFIRMED']);
    expect(await timesUsed(promotion.id)).toBe(1);
  });

  it('releases the use of an expired order once, decrementing both counters once', async () => {
    const promotion = await givenPromotion({ usageLimit: 10, perCustomerLimit: 1 });
    const order = await orderHolding(promotion.code as string);
    const expired = orderEvent('OrderExpired', order.orderId, 1, { customerId: order.customerId });

    const outcomes = await Promise.all([1, 2].map(() => handleOrderEvent(promotionDb(), expired)));
    expect(outcomes.sort()).toEqual(['applied', 'duplicate']);
    expect(await handleOrderEvent(promotionDb(), { ...expired })).toBe('duplicate');
    expect(await statuses(order.orderId)).toEqual(['RELEASED']);
    expect(await timesUsed(promotion.id)).toBe(0);
    expect(await customerUses(promotion.id, order.customerId)).toBe(0);
  });

  it('gives back the confirmed use of a paid order that is then cancelled', async () => {
    const promotion = await givenPromotion({ usageLimit: 10 });
    const order = await orderHolding(promotion.code as string);
    await handleOrderEvent(promotionDb(), orderEvent('OrderPaid', order.orderId, 1, { customerId: order.customerId }));
    const cancelled = orderEvent('OrderCancelled', order.orderId, 2, { customerId: order.customerId });
    await handleOrderEvent(promotionDb(), cancelled);
    await handleOrderEvent(promotionDb(), cancelled);

    const [redemption] = await redemptionsOfOrder(order.orderId);
    expect([redemption?.status, redemption?.releaseReason]).toEqual(['RELEASED', 'order cancelled']);
    expect(await timesUsed(promotion.id)).toBe(0);
  });

  it('changes nothing for events it has no use for', async () => {
    const promotion = await givenPromotion();
    const order = await orderHolding(promotion.code as string);
    await handleOrderEvent(
      promotionDb(),
      orderEvent('OrderShipped', order.orderId, 1, { customerId: order.customerId }),
    );
    expect(await statuses(order.orderId)).toEqual(['HELD']);
    expect(await timesUsed(promotion.id)).toBe(1);
  });

  it('sweeps holds older than the maximum age, and leaves confirmed and younger ones alone', async () => {
    const promotion = await givenPromotion({ usageLimit: 10 });
    const stale = await orderHolding(promotion.code as string);
    const young = await orderHolding(promotion.code as string);
    const paid = await orderHolding(promotion.code as string);
    await handleOrderEvent(promotionDb(), orderEvent('OrderPaid', paid.orderId, 1, { customerId: paid.customerId }));
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    await promotionDb().promotionRedemption.updateMany({
      where: { orderId: { in: [stale.orderId, paid.orderId] } },
      data: { createdAt: hourAgo },
    });

    const swept = await releaseStaleHolds(promotionDb(), askTheOrderSubgraph(), {
      now: new Date(),
      maxAgeSeconds: 3600,
    });
    expect(swept.released).toBeGreaterThanOrEqual(1);
    expect(await statuses(stale.orderId)).toEqual(['RELEASED']);
    expect(await statuses(young.orderId)).toEqual(['HELD']);
    expect(await statuses(paid.orderId)).toEqual(['CONFIRMED']);
    expect(await timesUsed(promotion.id)).toBe(2);
  });

  it('keeps an old hold whose order exists although none of its events arrived, and only that one', async () => {
    const promotion = await givenPromotion({ usageLimit: 10 });
    const lagging = await orderHolding(promotion.code as string);
    const neverPlaced = await orderHolding(promotion.code as string);
    await givenPlacedOrder(lagging.orderId, 'PAID');
    await promotionDb().promotionRedemption.updateMany({
      where: { orderId: { in: [lagging.orderId, neverPlaced.orderId] } },
      data: { createdAt: new Date(Date.now() - 2 * 3600_000) },
    });

    await releaseStaleHolds(promotionDb(), askTheOrderSubgraph(), { now: new Date(), maxAgeSeconds: 3600 });

    expect(await statuses(lagging.orderId)).toEqual(['HELD']);
    expect(await statuses(neverPlaced.orderId)).toEqual(['RELEASED']);
    expect(await timesUsed(promotion.id)).toBe(1);
    // The late OrderPaid then confirms the use it kept.
    await handleOrderEvent(
      promotionDb(),
      orderEvent('OrderPaid', lagging.orderId, 1, { customerId: lagging.customerId }),
    );
    expect(await statuses(lagging.orderId)).toEqual(['CONFIRMED']);
  });

  it('releases no hold while the order subgraph cannot answer', async () => {
    const promotion = await givenPromotion({ usageLimit: 10 });
    const unknown = await orderHolding(promotion.code as string);
    await promotionDb().promotionRedemption.updateMany({
      where: { orderId: unknown.orderId },
      data: { createdAt: new Date(Date.now() - 2 * 3600_000) },
    });

    await expect(
      releaseStaleHolds(promotionDb(), askAnOrderSubgraphThatIsDown(), { now: new Date(), maxAgeSeconds: 3600 }),
    ).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(await statuses(unknown.orderId)).toEqual(['HELD']);
    expect(await timesUsed(promotion.id)).toBe(1);
  });

  it('holds released uses again for a revived order, and an expiry older than the renewal leaves them', async () => {
    const promotion = await givenPromotion({ usageLimit: 10 });
    const order = await orderHolding(promotion.code as string);
    await handleOrderEvent(
      promotionDb(),
      orderEvent('OrderPlaced', order.orderId, 1, { customerId: order.customerId }),
    );
    await handleOrderEvent(
      promotionDb(),
      orderEvent('OrderExpired', order.orderId, 2, { customerId: order.customerId }),
    );
    expect(await timesUsed(promotion.id)).toBe(0);

    expect(await renewUses(promotionDb(), order.orderId, 2)).toBe(1);
    expect(await statuses(order.orderId)).toEqual(['HELD']);
    expect(await timesUsed(promotion.id)).toBe(1);
    // A redelivered expiry is older than the renewal: it changes nothing; the payment confirms the use.
    await handleOrderEvent(promotionDb(), orderEvent('OrderPaid', order.orderId, 3, { customerId: order.customerId }));
    expect(await statuses(order.orderId)).toEqual(['CONFIRMED']);
    expect(await renewUses(promotionDb(), order.orderId, 2)).toBe(0);
    expect(await timesUsed(promotion.id)).toBe(1);
  });

  it('refuses to renew a use whose limit was reached meanwhile, changing nothing', async () => {
    const promotion = await givenPromotion({ usageLimit: 1 });
    const first = await orderHolding(promotion.code as string);
    await handleOrderEvent(
      promotionDb(),
      orderEvent('OrderExpired', first.orderId, 1, { customerId: first.customerId }),
    );
    await orderHolding(promotion.code as string);

    await expect(renewUses(promotionDb(), first.orderId, 1)).rejects.toBeInstanceOf(PromotionUnavailable);
    expect(await statuses(first.orderId)).toEqual(['RELEASED']);
    expect(await timesUsed(promotion.id)).toBe(1);
  });
});
