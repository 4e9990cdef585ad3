import { MoneyDecimal } from '../../../shared/money.js';
import type { Basket, BasketLine, PromotionOffer } from '../../../subgraphs/promotion/src/domain/discount-rules.js';

/** Fixtures for the discount rules: a running promotion with no limits, changed per test. */
export const AT = new Date('2026-06-01T12:00:00Z');

let sequence = 0;

export function offer(changes: Partial<PromotionOffer> = {}): PromotionOffer {
  sequence += 1;
  return {
    id: `P${String(sequence).padStart(4, '0')}`,
    code: `CODE${sequence}`,
    name: `Promotion ${sequence}`,
    kind: 'PERCENTAGE',
    value: '10',
    currency: null,
    minimumSubtotal: null,
    maxDiscount: null,
    stackable: false,
    startsAt: new Date('2026-01-01T00:00:00Z'),
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    timesUsed: 0,
    segments: [],
    pausedAt: null,
    priority: 0,
    exclusivityGroup: null,
    targetProductIds: [],
    targetCategoryIds: [],
    ...changes,
  };
}

export function basket(subtotal: string, currency: Basket['currency'] = 'EUR'): Basket {
  return { currency, subtotal: new MoneyDecimal(subtotal), at: AT };
}

/** A basket line: `productId` in `categoryId`, worth `lineTotal` (quantity is irrelevant to discounts). */
export function line(productId: string, categoryId: string | null, lineTotal: string, quantity = 1): BasketLine {
  return { productId, categoryId, quantity, lineTotal: new MoneyDecimal(lineTotal) };
}

/** A basket whose subtotal is the sum of its lines. */
export function basketOf(lines: BasketLine[], currency: Basket['currency'] = 'EUR'): Basket {
  const subtotal = lines.reduce((sum, l) => sum.plus(l.lineTotal), new MoneyDecimal(0));
  return { currency, subtotal, at: AT, lines };
}
