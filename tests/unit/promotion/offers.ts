import { MoneyDecimal } from '../../../shared/money.js';
import type { Basket, PromotionOffer } from '../../../subgraphs/promotion/src/domain/discount-rules.js';

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
    ...changes,
  };
}

export function basket(subtotal: string, currency: Basket['currency'] = 'EUR'): Basket {
  return { currency, subtotal: new MoneyDecimal(subtotal), at: AT };
}
