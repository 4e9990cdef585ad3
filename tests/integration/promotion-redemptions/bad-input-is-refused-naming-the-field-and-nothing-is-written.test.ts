import { describe, expect, it } from 'vitest';
import {
  asService,
  EVALUATE,
  givenPromotion,
  promotionDb,
  RELEASE,
  reserve,
  reserveInput,
  timesUsed,
} from './redemptions.js';

describe('bad input to the promotion subgraph', () => {
  it.each([
    ['a code with spaces', { codes: ['NOT A CODE'] }, 'input.codes.0'],
    ['a code too long', { codes: ['X'.repeat(40)] }, 'input.codes.0'],
    ['a negative subtotal', { subtotal: '-1.00' }, 'input.subtotal'],
    ['a subtotal in exponent notation', { subtotal: '1e3' }, 'input.subtotal'],
    ['a currency outside the allowlist', { currency: 'XXX' }, 'input.currency'],
    ['an order id with markup', { orderId: '<b>1</b>' }, 'input.orderId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, reserving nothing', async (_what, changes, field) => {
    const promotion = await givenPromotion();
    const input = reserveInput({ codes: [promotion.code as string], ...changes });
    const response = await reserve(input);
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
    expect(await timesUsed(promotion.id)).toBe(0);
    expect(await promotionDb().promotionRedemption.count({ where: { promotionId: promotion.id } })).toBe(0);
  });

  it('refuses bad evaluation and release input the same way', async () => {
    const evaluation = await asService(EVALUATE, { input: { currency: 'SEK', subtotal: 'ten', codes: [] } });
    expect(evaluation.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.subtotal'],
    ]);
    const released = await asService(RELEASE, { orderId: 'ORDER-1', reason: '' });
    expect(released.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'reason'],
    ]);
  });

  it('refuses promotions outside bounds at the table too, whoever writes them', async () => {
    const base = { name: 'Raw', kind: 'PERCENTAGE' as const, startsAt: new Date() };
    await expect(
      promotionDb().promotion.create({ data: { ...base, id: `R1${Date.now()}`, value: '150' } }),
    ).rejects.toThrow();
    await expect(
      promotionDb().promotion.create({
        data: { ...base, id: `R2${Date.now()}`, kind: 'FIXED_AMOUNT', value: '50', currency: 'SEK', maxDiscount: '20' },
      }),
    ).rejects.toThrow();
    await expect(
      promotionDb().promotion.create({ data: { ...base, id: `R3${Date.now()}`, value: '10', code: 'lower-case' } }),
    ).rejects.toThrow();
  });
});
