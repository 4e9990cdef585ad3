import type { ServiceClient } from '../../../../shared/service-client.js';

/** How pricing converted a price from EUR (its PriceConversion). */
export interface PriceConversion {
  from: string;
  rate: string;
  publishedOn: string;
}

export interface PriceQuote {
  productId: string;
  currency: string;
  unitPrice: string;
  priceVersionId: string;
  /** Null when the price is the product's own in the currency. */
  conversion: PriceConversion | null;
}

const QUOTE = `query($currency: String!, $productIds: [ID!]!) {
  quotePrices(currency: $currency, productIds: $productIds) {
    productId currency unitPrice priceVersionId conversion { from rate publishedOn }
  }
}`;

/** Current unit prices by product id; a product without a price in the currency is absent. */
export async function quotePrices(
  pricing: ServiceClient,
  currency: string,
  productIds: readonly string[],
  requestId?: string,
): Promise<Map<string, PriceQuote>> {
  const data = await pricing<{ quotePrices: PriceQuote[] }>({
    query: QUOTE,
    variables: { currency, productIds },
    requestId,
  });
  return new Map(data.quotePrices.map((quote) => [quote.productId, quote]));
}
