import type { Decimal } from 'decimal.js';
import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { toDecimal } from '../../../../shared/money.js';
import type { OrderLoaders } from '../data/orders.js';
import { lineTotal, orderTotals, withDiscount } from '../domain/order-totals.js';
import type { Cart } from '../generated/prisma/client.js';
import type { CatalogProductLoader } from '../services/catalog.js';
import type { OrderServices } from '../services/index.js';
import { type PriceConversion, type PriceQuote, quotePrices } from '../services/pricing.js';
import { evaluatePromotions, type PromotionEvaluation, promotionLines } from '../services/promotion.js';

export interface CartPricing {
  currency: CurrencyCode;
  unitPrices: Map<string, string>;
  /** How each converted unit price was converted; products priced in the cart's currency are absent. */
  conversions: Map<string, PriceConversion>;
  lineTotals: Map<string, Decimal>;
  subtotal: Decimal;
  discountTotal: Decimal;
  total: Decimal;
  evaluation: PromotionEvaluation;
  unpricedProductIds: string[];
}

const NOTHING_APPLIED: PromotionEvaluation = { discountTotal: '0', applied: [], rejected: [], considered: [] };

/** Memoises per cart version within one request: the version, not the time, since two edits may share a millisecond. */
export function perCartVersion<T>(compute: (cart: Cart) => Promise<T>): (cart: Cart) => Promise<T> {
  const results = new Map<string, Promise<T>>();
  return (cart) => {
    const key = `${cart.id}:${cart.version}`;
    let result = results.get(key);
    if (!result) {
      result = compute(cart);
      results.set(key, result);
    }
    return result;
  };
}

/**
 * Pricing's quotes for a cart's products in its currency, as checkout would get them now: one
 * call per cart and request, shared by the totals, the line prices and the cart's problems.
 */
export function createCartQuoter(loaders: OrderLoaders, services: OrderServices, requestId: string | undefined) {
  return perCartVersion(async (cart: Cart): Promise<Map<string, PriceQuote>> => {
    const lines = await loaders.cartLinesByCartId.load(cart.id);
    if (lines.length === 0) return new Map();
    return quotePrices(
      services.pricing,
      parseCurrency(cart.currency),
      lines.map((line) => line.productId),
      requestId,
    );
  });
}

export type CartQuoter = ReturnType<typeof createCartQuoter>;

/**
 * A cart priced as checkout would price it now: unit prices from pricing, discounts from
 * promotion (evaluated, nothing reserved). Products without a price are left out of the totals
 * and listed. Memoised per request, so lines and totals of one cart cost one round of calls.
 */
export function createCartPricer(
  loaders: OrderLoaders,
  services: OrderServices,
  quoteCart: CartQuoter,
  catalogProducts: CatalogProductLoader,
  customerId: string | null,
  requestId: string | undefined,
) {
  return perCartVersion(async (cart: Cart): Promise<CartPricing> => {
    const currency = parseCurrency(cart.currency);
    const lines = await loaders.cartLinesByCartId.load(cart.id);
    if (lines.length === 0) {
      const zero = toDecimal('0');
      const empty = { unitPrices: new Map(), conversions: new Map(), lineTotals: new Map(), unpricedProductIds: [] };
      return { currency, ...empty, ...withDiscount(zero, zero, currency), evaluation: NOTHING_APPLIED };
    }
    const productIds = lines.map((line) => line.productId);
    const [quotes, products] = await Promise.all([quoteCart(cart), catalogProducts.loadMany(productIds)]);
    const pricedLines = lines.flatMap((line) => {
      const quote = quotes.get(line.productId);
      return quote ? [{ productId: line.productId, unitPrice: quote.unitPrice, quantity: line.quantity }] : [];
    });
    const { subtotal } = orderTotals(pricedLines, '0', currency);
    // A product the catalog could not tell about is judged without a category, as checkout would refuse it anyway.
    const categoryOf = new Map(
      products.flatMap((product) => (product && !(product instanceof Error) ? [[product.id, product.categoryId]] : [])),
    );
    const evaluation = await evaluatePromotions(
      services.promotion,
      {
        customerId,
        // A guest's limits count by the e-mail on the cart, as the reservation at checkout will.
        email: cart.guestEmail,
        currency,
        subtotal: subtotal.toFixed(),
        codes: cart.promotionCodes,
        lines: promotionLines(pricedLines, categoryOf, currency),
        channel: cart.channel,
      },
      requestId,
    );
    return {
      currency,
      unitPrices: new Map(pricedLines.map((line) => [line.productId, line.unitPrice])),
      conversions: new Map(
        [...quotes.values()].flatMap((quote) => (quote.conversion ? [[quote.productId, quote.conversion]] : [])),
      ),
      lineTotals: new Map(pricedLines.map((line) => [line.productId, lineTotal(line, currency)])),
      ...withDiscount(subtotal, evaluation.discountTotal, currency),
      evaluation,
      unpricedProductIds: lines.filter((line) => !quotes.has(line.productId)).map((line) => line.productId),
    };
  });
}

export type CartPricer = ReturnType<typeof createCartPricer>;
