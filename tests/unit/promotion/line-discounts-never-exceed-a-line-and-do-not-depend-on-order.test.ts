import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneyDecimal } from '../../../shared/money.js';
import {
  type Basket,
  discountFor,
  type Evaluation,
  evaluatePromotions,
  type PromotionOffer,
} from '../../../subgraphs/promotion/src/domain/discount-rules.js';
import { AT, basketOf, line, offer } from './offers.js';

/**
 * Random baskets (lines of a few products, some sharing a product or category, some worth
 * nothing) and random promotions (targets, stackable or not, groups, priorities, kinds).
 */
const products = ['sencha', 'assam', 'beans', 'mug', 'kettle'];
const categories = ['tea', 'coffee', 'kitchen'];

const lines = fc.array(
  fc.record({
    productId: fc.constantFrom(...products),
    categoryId: fc.option(fc.constantFrom(...categories), { nil: null }),
    cents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })),
  }),
  { maxLength: 6 },
);

const baskets = fc.tuple(lines, fc.boolean()).map(([drawn, known]): Basket => {
  const cart = basketOf(drawn.map((d) => line(d.productId, d.categoryId, (d.cents / 100).toFixed(2))));
  return known ? cart : { currency: cart.currency, subtotal: cart.subtotal, at: AT };
});

const terms = fc.record({
  kind: fc.constantFrom<PromotionOffer['kind']>('PERCENTAGE', 'FIXED_AMOUNT'),
  percent: fc.integer({ min: 1, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
  amount: fc.integer({ min: 1, max: 100_000 }).map((n) => (n / 100).toFixed(2)),
  maxDiscount: fc.option(fc.integer({ min: 1, max: 500 }).map(String), { nil: null }),
  stackable: fc.boolean(),
  coded: fc.boolean(),
  priority: fc.integer({ min: 0, max: 2 }),
  exclusivityGroup: fc.option(fc.constantFrom('NEWSLETTER', 'LOYALTY'), { nil: null }),
  targetProductIds: fc.subarray(products, { maxLength: 2 }),
  targetCategoryIds: fc.subarray(categories, { maxLength: 2 }),
});
type Terms = typeof terms extends fc.Arbitrary<infer T> ? T : never;

function offersOf(drawn: readonly Terms[]): PromotionOffer[] {
  return drawn.map((d) =>
    offer({
      kind: d.kind,
      value: d.kind === 'PERCENTAGE' ? d.percent : d.amount,
      currency: 'EUR',
      maxDiscount: d.maxDiscount,
      stackable: d.stackable,
      priority: d.priority,
      exclusivityGroup: d.exclusivityGroup,
      targetProductIds: d.targetProductIds,
      targetCategoryIds: d.targetCategoryIds,
      ...(d.coded ? {} : { code: null }),
    }),
  );
}

const codesOf = (offers: readonly PromotionOffer[]) => offers.flatMap((o) => (o.code ? [o.code] : []));

function evaluate(cart: Basket, offers: readonly PromotionOffer[], codes = codesOf(offers)) {
  return evaluatePromotions({ basket: cart, codes, offers, customerUses: null });
}

/** A shuffle driven by generated numbers, so a failure shrinks and replays. */
function shuffled<T>(items: readonly T[], randomness: fc.Stream<number>): T[] {
  const copy = [...items];
  const draws = randomness.take(copy.length)[Symbol.iterator]();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = (draws.next().value ?? 0) % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Everything a result decides, independent of the order codes were entered in. */
function summary(result: Evaluation) {
  return {
    total: result.discountTotal.toFixed(),
    applied: result.applied.map((a) => [
      a.promotion.id,
      a.discount.toFixed(),
      a.lines.map((l) => [l.index, l.discount.toFixed()]),
    ]),
    rejected: Object.fromEntries(result.rejected.map((r) => [r.code, r.reason])),
    considered: Object.fromEntries(result.considered.map((c) => [c.promotion.id, [c.discount.toFixed(), c.reason]])),
  };
}

const settings = { numRuns: 300 };

describe('the discounts of targeted, stacked and grouped promotions (property)', () => {
  it('never exceed the subtotal, nor any line its total, and add up line by line to each discount', () => {
    fc.assert(
      fc.property(baskets, fc.array(terms, { maxLength: 7 }), (cart, drawn) => {
        const offers = offersOf(drawn);
        const result = evaluate(cart, offers);

        expect(result.discountTotal.lte(cart.subtotal)).toBe(true);
        const sum = result.applied.reduce((s, a) => s.plus(a.discount), new MoneyDecimal(0));
        expect(sum.eq(result.discountTotal)).toBe(true);

        const perLine = new Map<number, MoneyDecimal>();
        for (const applied of result.applied) {
          expect(applied.discount.gt(0)).toBe(true);
          expect(applied.discount.lte(discountFor(applied.promotion, cart))).toBe(true);
          const spread = applied.lines.reduce((s, l) => s.plus(l.discount), new MoneyDecimal(0));
          if (cart.lines) expect(spread.eq(applied.discount)).toBe(true);
          else expect(applied.lines).toEqual([]);
          for (const l of applied.lines) {
            expect(l.discount.gt(0)).toBe(true);
            perLine.set(l.index, (perLine.get(l.index) ?? new MoneyDecimal(0)).plus(l.discount));
          }
        }
        for (const [index, discount] of perLine) {
          const basketLine = cart.lines?.[index];
          expect(basketLine).toBeDefined();
          expect(discount.lte(basketLine?.lineTotal ?? 0)).toBe(true);
        }

        // A non-stackable promotion applies alone; a group gives at most one stackable promotion.
        if (result.applied.some((a) => !a.promotion.stackable)) expect(result.applied).toHaveLength(1);
        const groups = result.applied.flatMap((a) =>
          a.promotion.exclusivityGroup ? [a.promotion.exclusivityGroup] : [],
        );
        expect(new Set(groups).size).toBe(groups.length);
      }),
      settings,
    );
  });

  it('do not depend on the order in which codes were entered or offers listed', () => {
    fc.assert(
      fc.property(
        baskets,
        fc.array(terms, { maxLength: 7 }),
        fc.infiniteStream(fc.nat()),
        fc.infiniteStream(fc.nat()),
        (cart, drawn, codeOrder, offerOrder) => {
          const offers = offersOf(drawn);
          const codes = codesOf(offers);
          const asListed = evaluate(cart, offers, codes);
          const reordered = evaluate(cart, shuffled(offers, offerOrder), shuffled(codes, codeOrder));
          expect(summary(reordered)).toEqual(summary(asListed));
        },
      ),
      settings,
    );
  });

  it('never give another promotion more when a non-stackable promotion is added', () => {
    fc.assert(
      fc.property(baskets, fc.array(terms, { maxLength: 6 }), terms, (cart, drawn, extra) => {
        const offers = offersOf(drawn);
        const added = offersOf([{ ...extra, stackable: false }])[0] as PromotionOffer;
        const before = evaluate(cart, offers);
        const after = evaluate(cart, [...offers, added]);
        const given = (result: Evaluation, id: string) =>
          result.applied.find((a) => a.promotion.id === id)?.discount ?? new MoneyDecimal(0);
        for (const promotion of offers) {
          expect(given(after, promotion.id).lte(given(before, promotion.id))).toBe(true);
        }
        // And the customer never gets less overall: the new promotion only adds an option.
        expect(after.discountTotal.gte(before.discountTotal)).toBe(true);
      }),
      settings,
    );
  });
});
