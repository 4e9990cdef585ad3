import type { Decimal } from 'decimal.js';
import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { toDecimal } from '../../../../shared/money.js';
import type { OrderLoaders } from '../data/orders.js';
import { lineTotal, orderTotals } from '../domain/order-totals.js';
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
    const quotes =
      lines.length > 0
        ? await quotePrices(
            services.pricing,
            currency,
            lines.map((line) => line.productId),
            requestId,
          )
        : new Map();
    const pricedLines = lines.filter((line) => quotes.has(line.productId));
    const unitPrices = new Map(
      pricedLines.map((line) => [line.productId, quotes.get(line.productId).unitPrice as string]),
    );
    const lineTotals = new Map(
      pricedLines.map((line) => [
        line.productId,
        lineTotal({ unitPrice: unitPrices.get(line.productId) as string, quantity: line.quantity }, currency),
      ]),
    );
    const { subtotal } = orderTotals(
      pricedLines.map((line) => ({ unitPrice: unitPrices.get(line.productId) as string, quantity: line.quantity })),
      '0',
      currency,
    );
    const evaluation =
      lines.length > 0
        ? await evaluatePromotions(
            services.promotion,
            { customerId, currency, subtotal: subtotal.toFixed(), codes: cart.promotionCodes },
            requestId,
          )
        : NOTHING_APPLIED;
    const totals = orderTotals(
      pricedLines.map((line) => ({ unitPrice: unitPrices.get(line.productId) as string, quantity: line.quantity })),
      toDecimal(evaluation.discountTotal),
      currency,
    );
    return {
      currency,
      unitPrices,
      lineTotals,
      ...totals,
      evaluation,
      unpricedProductIds: lines.filter((line) => !quotes.has(line.productId)).map((line) => line.productId),
    };
  };
  return (cart: Cart): Promise<CartPricing> => {
    const key = `${cart.id}:${cart.updatedAt.getTime()}`;
    let pricing = priced.get(key);
    if (!pricing) {
      pricing = price(cart);
      priced.set(key, pricing);
    }
    return pricing;
  };
}

export type CartPricer = ReturnType<typeof createCartPricer>;
