import type { Decimal } from 'decimal.js';
import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { toDecimal } from '../../../../shared/money.js';
import type { OrderLoaders } from '../data/orders.js';
import { lineTotal, orderTotals, withDiscount } from '../domain/order-totals.js';
import type { Cart } from '../generated/prisma/client.js';
import type { OrderServices } from '../services/index.js';
import { quotePrices } from '../services/pricing.js';
import { evaluatePromotions, type PromotionEvaluation } from '../services/promotion.js';

export interface CartPricing {
  currency: CurrencyCode;
  unitPrices: Map<string, string>;
  lineTotals: Map<string, Decimal>;
  subtotal: Decimal;
  discountTotal: Decimal;
  total: Decimal;
  evaluation: PromotionEvaluation;
  unpricedProductIds: string[];
}

const NOTHING_APPLIED: PromotionEvaluation = { discountTotal: '0', applied: [], rejected: [] };

/**
 * A cart priced as checkout would price it now: unit prices from pricing, discounts from
 * promotion (evaluated, nothing reserved). Products without a price are left out of the totals
 * and listed. Memoised per request, so lines and totals of one cart cost one round of calls.
 */
export function createCartPricer(
  loaders: OrderLoaders,
  services: OrderServices,
  customerId: string | null,
  requestId: string | undefined,
) {
  const priced = new Map<string, Promise<CartPricing>>();
  const price = async (cart: Cart): Promise<CartPricing> => {
    const currency = parseCurrency(cart.currency);
    const lines = await loaders.cartLinesByCartId.load(cart.id);
    if (lines.length === 0) {
      const zero = toDecimal('0');
      const empty = { unitPrices: new Map(), lineTotals: new Map(), unpricedProductIds: [] };
      return { currency, ...empty, ...withDiscount(zero, zero, currency), evaluation: NOTHING_APPLIED };
    }
    const quotes = await quotePrices(
      services.pricing,
      currency,
      lines.map((line) => line.productId),
      requestId,
    );
    const pricedLines = lines.flatMap((line) => {
      const quote = quotes.get(line.productId);
      return quote ? [{ productId: line.productId, unitPrice: quote.unitPrice, quantity: line.quantity }] : [];
    });
    const { subtotal } = orderTotals(pricedLines, '0', currency);
    const evaluation = await evaluatePromotions(
      services.promotion,
      { customerId, currency, subtotal: subtotal.toFixed(), codes: cart.promotionCodes },
      requestId,
    );
    return {
      currency,
      unitPrices: new Map(pricedLines.map((line) => [line.productId, line.unitPrice])),
      lineTotals: new Map(pricedLines.map((line) => [line.productId, lineTotal(line, currency)])),
      ...withDiscount(subtotal, evaluation.discountTotal, currency),
      evaluation,
      unpricedProductIds: lines.filter((line) => !quotes.has(line.productId)).map((line) => line.productId),
    };
  };
  return (cart: Cart): Promise<CartPricing> => {
    // The version, not the time: two edits within one millisecond must not share a price.
    const key = `${cart.id}:${cart.version}`;
    let pricing = priced.get(key);
    if (!pricing) {
      pricing = price(cart);
      priced.set(key, pricing);
    }
    return pricing;
  };
}

export type CartPricer = ReturnType<typeof createCartPricer>;
