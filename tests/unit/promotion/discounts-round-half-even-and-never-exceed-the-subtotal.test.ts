import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CurrencyCode, minorUnits } from '../../../shared/currency.js';
import { MoneyDecimal } from '../../../shared/money.js';
import {
  discountFor,
  evaluatePromotions,
  type PromotionOffer,
} from '../../../subgraphs/promotion/src/domain/discount-rules.js';
import { basket, offer } from './offers.js';

describe('the discount of one promotion', () => {
  it('takes the percentage of the subtotal, rounded half to even at the minor units', () => {
    expect(discountFor(offer({ value: '10' }), basket('1.25')).toFixed()).toBe('0.12'); // 0.125 → 0.12
    expect(discountFor(offer({ value: '10' }), basket('1.35')).toFixed()).toBe('0.14'); // 0.135 → 0.14
    expect(discountFor(offer({ value: '15' }), basket('19.99')).toFixed()).toBe('3'); // 2.9985 → 3.00
    expect(discountFor(offer({ value: '12.5' }), basket('1005', 'JPY')).toFixed()).toBe('126'); // 125.625 → 126
    expect(discountFor(offer({ value: '10' }), basket('25', 'JPY')).toFixed()).toBe('2'); // 2.5 → 2
  });

  it('takes everything at 100% and never more', () => {
    expect(discountFor(offer({ value: '100' }), basket('42.42')).toFixed()).toBe('42.42');
  });

  it('takes a fixed amount as is, but never more than the subtotal or the promotion maximum', () => {
    const fixed = (value: string, maxDiscount: string | null = null) =>
      offer({ kind: 'FIXED_AMOUNT', value, currency: 'EUR', maxDiscount });
    expect(discountFor(fixed('5'), basket('30')).toFixed()).toBe('5');
    expect(discountFor(fixed('50'), basket('30')).toFixed()).toBe('30');
    expect(discountFor(fixed('50', '20'), basket('30')).toFixed()).toBe('20');
  });

  it('caps a percentage at the promotion maximum ("15% off, up to 20 €")', () => {
    expect(discountFor(offer({ value: '15', currency: 'EUR', maxDiscount: '20' }), basket('1000')).toFixed()).toBe(
      '20',
    );
    expect(discountFor(offer({ value: '15', currency: 'EUR', maxDiscount: '20' }), basket('100')).toFixed()).toBe('15');
  });

  it('caps at the subtotal rounded down, so the formatted discount never exceeds it', () => {
    // A subtotal with sub-cent digits (unit prices carry four decimals) is not rounded up.
    expect(discountFor(offer({ kind: 'FIXED_AMOUNT', value: '50', currency: 'EUR' }), basket('9.999')).toFixed()).toBe(
      '9.99',
    );
    expect(discountFor(offer({ value: '100' }), basket('9.995')).toFixed()).toBe('9.99');
  });
});

const currencies = fc.constantFrom<CurrencyCode>('EUR', 'JPY', 'USD');
const subtotals = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 4 }))
  .map(([units, scale]) => new MoneyDecimal(units.toString()).dividedBy(10 ** scale).toFixed());
const offers = fc.array(
  fc.record({
    kind: fc.constantFrom<PromotionOffer['kind']>('PERCENTAGE', 'FIXED_AMOUNT'),
    percent: fc.integer({ min: 1, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
    amount: fc.integer({ min: 1, max: 10_000_000 }).map((n) => (n / 100).toFixed(2)),
    maxDiscount: fc.option(fc.integer({ min: 1, max: 100_000 }).map(String), { nil: null }),
    stackable: fc.boolean(),
    coded: fc.boolean(),
  }),
  { maxLength: 6 },
);

describe('the discount of any set of promotions (property)', () => {
  it('never exceeds the subtotal, adds up to the applied discounts, keeps to the minor units, and applies a non-stackable promotion alone', () => {
    fc.assert(
      fc.property(currencies, subtotals, offers, (currency, subtotal, drawn) => {
        const all = drawn.map((d) =>
          offer({
            kind: d.kind,
            value: d.kind === 'PERCENTAGE' ? d.percent : d.amount,
            currency: d.kind === 'FIXED_AMOUNT' || d.maxDiscount !== null ? currency : null,
            maxDiscount: d.maxDiscount,
            stackable: d.stackable,
            ...(d.coded ? {} : { code: null }),
          }),
        );
        const codes = all.flatMap((o) => (o.code ? [o.code] : []));
        const cart = basket(subtotal, currency);
        const result = evaluatePromotions({ basket: cart, codes, offers: all, customerUses: null });

        expect(result.discountTotal.lte(cart.subtotal)).toBe(true);
        expect(result.discountTotal.gte(0)).toBe(true);
        const sum = result.applied.reduce((s, a) => s.plus(a.discount), new MoneyDecimal(0));
        expect(sum.eq(result.discountTotal)).toBe(true);
        for (const { discount } of result.applied) {
          expect(discount.gt(0)).toBe(true);
          expect(discount.decimalPlaces()).toBeLessThanOrEqual(minorUnits(currency));
        }
        // A non-stackable promotion applies alone.
        if (result.applied.some((a) => !a.promotion.stackable)) expect(result.applied).toHaveLength(1);
        // Every requested code is answered exactly once: applied or rejected.
        const answered = [
          ...result.applied.flatMap((a) => (a.promotion.code ? [a.promotion.code] : [])),
          ...result.rejected.map((r) => r.code),
        ].sort();
        expect(answered).toEqual([...codes].sort());
      }),
    );
  });

  it('gives each promotion at most what it would give alone', () => {
    fc.assert(
      fc.property(subtotals, offers, (subtotal, drawn) => {
        const all = drawn.map((d) =>
          offer({
            kind: d.kind,
            value: d.kind === 'PERCENTAGE' ? d.percent : d.amount,
            currency: 'EUR',
            stackable: d.stackable,
          }),
        );
        const cart = basket(subtotal);
        const result = evaluatePromotions({
          basket: cart,
          codes: all.flatMap((o) => (o.code ? [o.code] : [])),
          offers: all,
          customerUses: null,
        });
        for (const { promotion, discount } of result.applied) {
          expect(discount.lte(discountFor(promotion, cart))).toBe(true);
        }
      }),
    );
  });

  const eurOffers = (
    drawn: { kind: PromotionOffer['kind']; percent: string; amount: string; stackable: boolean; coded: boolean }[],
  ) =>
    drawn.map((d) =>
      offer({
        kind: d.kind,
        value: d.kind === 'PERCENTAGE' ? d.percent : d.amount,
        currency: 'EUR',
        stackable: d.stackable,
        ...(d.coded ? {} : { code: null }),
      }),
    );
  const summary = (result: ReturnType<typeof evaluatePromotions>) => ({
    total: result.discountTotal.toFixed(),
    applied: result.applied.map((a) => [a.promotion.id, a.discount.toFixed()]),
    rejected: Object.fromEntries(result.rejected.map((r) => [r.code, r.reason])),
  });

  it('is the same whatever the order in which the codes were entered', () => {
    fc.assert(
      fc.property(subtotals, offers, fc.infiniteStream(fc.nat()), (subtotal, drawn, randomness) => {
        const all = eurOffers(drawn);
        const codes = all.flatMap((o) => (o.code ? [o.code] : []));
        // A shuffle driven by the generated numbers, so a failure shrinks and replays.
        const shuffled = [...codes];
        const draws = randomness.take(shuffled.length)[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (draws.next().value ?? 0) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
        }
        const cart = basket(subtotal);
        const asEntered = evaluatePromotions({ basket: cart, codes, offers: all, customerUses: null });
        const reordered = evaluatePromotions({ basket: cart, codes: shuffled, offers: all, customerUses: null });
        expect(summary(reordered)).toEqual(summary(asEntered));
      }),
    );
  });

  it('never gives another promotion more when a non-stackable promotion is added', () => {
    fc.assert(
      fc.property(
        subtotals,
        offers,
        fc.record({
          kind: fc.constantFrom<PromotionOffer['kind']>('PERCENTAGE', 'FIXED_AMOUNT'),
          percent: fc.integer({ min: 1, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
          amount: fc.integer({ min: 1, max: 10_000_000 }).map((n) => (n / 100).toFixed(2)),
          coded: fc.boolean(),
        }),
        (subtotal, drawn, extra) => {
          const all = eurOffers(drawn);
          const added = eurOffers([{ ...extra, stackable: false }])[0] as PromotionOffer;
          const cart = basket(subtotal);
          const codesOf = (list: PromotionOffer[]) => list.flatMap((o) => (o.code ? [o.code] : []));
          const before = evaluatePromotions({ basket: cart, codes: codesOf(all), offers: all, customerUses: null });
          const withAdded = [...all, added];
          const after = evaluatePromotions({
            basket: cart,
            codes: codesOf(withAdded),
            offers: withAdded,
            customerUses: null,
          });
          const given = (result: typeof before, id: string) =>
            result.applied.find((a) => a.promotion.id === id)?.discount ?? new MoneyDecimal(0);
          for (const promotion of all) {
            expect(given(after, promotion.id).lte(given(before, promotion.id))).toBe(true);
          }
        },
      ),
    );
  });
});
