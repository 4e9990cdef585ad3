import { type CurrencyCode, isCurrencyCode } from '../../../../shared/currency.js';
import { type DecimalLike, type Money, toDecimal, toMoney } from '../../../../shared/money.js';

export interface PromotionTerms {
  kind: 'PERCENTAGE' | 'FIXED_AMOUNT';
  value: DecimalLike;
  currency: string | null;
  minimumSubtotal: DecimalLike | null;
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  timesUsed: number;
}

/** Running: started, not yet ended, and not used up. */
export function isRunning(promotion: PromotionTerms, at: Date): boolean {
  if (promotion.startsAt > at) return false;
  if (promotion.endsAt !== null && promotion.endsAt <= at) return false;
  return promotion.usageLimit === null || promotion.timesUsed < promotion.usageLimit;
}

export interface DiscountView {
  kind: 'PERCENTAGE' | 'FIXED_AMOUNT';
  percentOff: string | null;
  amountOff: Money | null;
}

function currencyOf(promotion: PromotionTerms): CurrencyCode {
  if (promotion.currency === null || !isCurrencyCode(promotion.currency)) {
    throw new Error(`promotion amount without a supported currency (${promotion.currency})`);
  }
  return promotion.currency;
}

export function discountOf(promotion: PromotionTerms): DiscountView {
  if (promotion.kind === 'PERCENTAGE') {
    return { kind: 'PERCENTAGE', percentOff: toDecimal(promotion.value).toString(), amountOff: null };
  }
  return { kind: 'FIXED_AMOUNT', percentOff: null, amountOff: toMoney(promotion.value, currencyOf(promotion)) };
}

export function minimumSubtotalOf(promotion: PromotionTerms): Money | null {
  return promotion.minimumSubtotal === null ? null : toMoney(promotion.minimumSubtotal, currencyOf(promotion));
}

/** The discount a promotion may grant in all, in its currency; null: no budget. */
export function discountBudgetOf(promotion: PromotionTerms & { discountBudget: DecimalLike | null }): Money | null {
  return promotion.discountBudget === null ? null : toMoney(promotion.discountBudget, currencyOf(promotion));
}

export function maxDiscountOf(promotion: PromotionTerms & { maxDiscount: DecimalLike | null }): Money | null {
  return promotion.maxDiscount === null ? null : toMoney(promotion.maxDiscount, currencyOf(promotion));
}
