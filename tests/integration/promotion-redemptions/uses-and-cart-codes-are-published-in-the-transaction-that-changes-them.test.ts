import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { handleOrderEvent } from '../../../subgraphs/promotion/src/jobs/order-events.js';
import { orderEvent } from '../../support/events.js';
import {
  asService,
  codesOf,
  EVALUATION_FIELDS,
  givenPromotion,
  promotionDb,
  release,
  reserve,
  reserveInput,
} from './redemptions.js';

/** What the promotion subgraph's outbox holds about an order's uses, or a cart's codes. */
async function outboxOf(where: { orderId?: string; cartId?: string }) {
  const rows = await promotionDb().outboxEvent.findMany({ orderBy: { position: 'asc' } });
  return rows
    .filter((row) => {
      const payload = row.payload as Record<string, unknown>;
      return where.orderId !== undefined ? payload.orderId === where.orderId : payload.cartId === where.cartId;
    })
    .map((row) => ({
      type: row.type,
      aggregateType: row.aggregateType,
      aggregateId: row.aggregateId,
      version: row.aggregateVersion,
      payload: row.payload,
    }));
}

const APPLY = /* GraphQL */ `
  mutation Apply($cartId: ID!, $input: EvaluatePromotionsInput!) {
    applyPromotionCodeToCart(cartId: $cartId, input: $input) { ${EVALUATION_FIELDS} }
  }`;

describe('promotion events', () => {
  it('publishes a held use with its order, cart, discount and customer, then its confirmation and release', async () => {
    const promotion = await givenPromotion({ value: '10' });
    const cartId = newId();
    const input = {
      ...reserveInput({ codes: [promotion.code as string], subtotal: '80.00', currency: 'SEK' }),
      cartId,
    };
    expect((await reserve(input)).data?.reservePromotionUses.discountTotal).toBe('8.00');
    const redemption = await promotionDb().promotionRedemption.findFirstOrThrow({ where: { orderId: input.orderId } });
    expect(redemption.cartId).toBe(cartId);

    await handleOrderEvent(promotionDb(), orderEvent('OrderPlaced', input.orderId, 1));
    await handleOrderEvent(promotionDb(), orderEvent('OrderPaid', input.orderId, 2));
    await handleOrderEvent(promotionDb(), orderEvent('OrderCancelled', input.orderId, 3));

    const use = {
      redemptionId: redemption.id,
      promotionId: promotion.id,
      orderId: input.orderId,
      cartId,
      customerId: input.customerId,
      guest: false,
      discount: '8',
      currency: 'SEK',
    };
    expect(await outboxOf({ orderId: input.orderId })).toEqual([
      {
        type: 'PromotionUseHeld',
        aggregateType: 'PromotionRedemption',
        aggregateId: redemption.id,
        version: 1,
        payload: use,
      },
      {
        type: 'PromotionUseConfirmed',
        aggregateType: 'PromotionRedemption',
        aggregateId: redemption.id,
        version: 2,
        payload: use,
      },
      {
        type: 'PromotionUseReleased',
        aggregateType: 'PromotionRedemption',
        aggregateId: redemption.id,
        version: 3,
        payload: { ...use, reason: 'order cancelled', fromStatus: 'CONFIRMED' },
      },
    ]);
  });

  it('publishes one event per use of a multi-promotion order, and a compensation releases them', async () => {
    const first = await givenPromotion({ stackable: true });
    const second = await givenPromotion({ stackable: true });
    const input = reserveInput({ codes: [first.code as string, second.code as string], customerId: newId() });
    expect((await reserve(input)).data?.reservePromotionUses.applied).toHaveLength(2);
    expect((await release(input.orderId, 'stock was short')).data?.releasePromotionUses).toBe(2);

    const events = await outboxOf({ orderId: input.orderId });
    expect(events.map((e) => [e.type, (e.payload as { promotionId: string }).promotionId]).sort()).toEqual(
      [
        ['PromotionUseHeld', first.id],
        ['PromotionUseHeld', second.id],
        ['PromotionUseReleased', first.id],
        ['PromotionUseReleased', second.id],
      ].sort(),
    );
    for (const event of events.filter((e) => e.type === 'PromotionUseReleased')) {
      expect(event.payload).toMatchObject({ reason: 'stock was short', fromStatus: 'HELD', cartId: null });
    }
  });

  it('writes no event when a reservation fails: the use and its event commit together or not at all', async () => {
    const promotion = await givenPromotion({ usageLimit: 1 });
    const taken = reserveInput({ codes: [promotion.code as string] });
    expect((await reserve(taken)).data?.reservePromotionUses.applied).toHaveLength(1);
    const refused = reserveInput({ codes: [promotion.code as string] });
    expect(codesOf(await reserve(refused))).toEqual(['PROMOTION_UNAVAILABLE']);

    expect(await outboxOf({ orderId: refused.orderId })).toEqual([]);
    expect(await promotionDb().promotionRedemption.count({ where: { orderId: refused.orderId } })).toBe(0);
    expect((await outboxOf({ orderId: taken.orderId })).map((e) => e.type)).toEqual(['PromotionUseHeld']);
  });

  it('publishes a code applied to a cart each time, numbered per promotion and cart, and nothing for unusable codes', async () => {
    const promotion = await givenPromotion({ minimumSubtotal: '50', currency: 'SEK' });
    const ended = await givenPromotion({
      startsAt: new Date(Date.now() - 7200_000),
      endsAt: new Date(Date.now() - 3600_000),
    });
    const cartId = newId();
    const customerId = newId();
    const apply = (code: string) =>
      asService(APPLY, { cartId, input: { customerId, currency: 'SEK', subtotal: '0', codes: [code] } });

    // Under its minimum now, but the cart may still reach it: the cart keeps the code.
    expect((await apply(promotion.code as string)).data).toBeTruthy();
    await Promise.all([apply(promotion.code as string), apply(ended.code as string), apply('NOSUCHCODE')]);

    const events = await outboxOf({ cartId });
    expect(events.map((e) => [e.type, e.aggregateId, e.version])).toEqual([
      ['PromotionCodeApplied', `${promotion.id}:${cartId}`, 1],
      ['PromotionCodeApplied', `${promotion.id}:${cartId}`, 2],
    ]);
    expect(events[0]?.payload).toEqual({
      promotionId: promotion.id,
      code: promotion.code,
      cartId,
      currency: 'SEK',
      customerId,
    });
  });
});
