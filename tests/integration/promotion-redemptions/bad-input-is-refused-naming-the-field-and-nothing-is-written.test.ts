import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import {
  asService,
  EVALUATE,
  givenPromotion,
  promotionDb,
  RELEASE,
  reserve,
  reserveInput,
  timesUsed,
  withPromotionDatabase,
} from './redemptions.js';

const CHECK_VIOLATION = '23514';

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

  it.each([
    ['a percentage above 100', { value: '150' }, 'promotion_value_valid'],
    [
      'a fixed amount above its own cap',
      { kind: 'FIXED_AMOUNT', value: '50', currency: 'SEK', maxDiscount: '20' },
      'promotion_max_discount_valid',
    ],
    ['a lower-case code', { value: '10', code: 'lower-case' }, 'promotion_code_format'],
  ])('refuses %s at the table too, whoever writes it', async (_what, changes, constraint) => {
    const row = { kind: 'PERCENTAGE', currency: null, maxDiscount: null, code: null, ...changes };
    const failure = await withPromotionDatabase(async (client) => {
      try {
        await client.query(
          `INSERT INTO promotion (id, name, kind, value, currency, max_discount, code, starts_at)
           VALUES ($1, 'Raw', $2::"DiscountKind", $3, $4, $5, $6, now())`,
          [newId(), row.kind, row.value, row.currency, row.maxDiscount, row.code],
        );
        return null;
      } catch (error) {
        return error as { code?: string; constraint?: string };
      }
    });
    expect(failure).toMatchObject({ code: CHECK_VIOLATION, constraint });
  });
});
