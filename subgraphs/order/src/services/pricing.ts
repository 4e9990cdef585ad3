import type { ServiceClient } from '../../../../shared/service-client.js';

export interface PriceQuote {
  productId: string;
  currency: string;
  unitPrice: string;
  priceVersionId: string;
}

const QUOTE = `query($currency: String!, $productIds: [ID!]!) {
  quotePrices(currency: $currency, productIds: $productIds) { productId currency unitPrice priceVersionId }
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
