import { PRODUCT_PAGE_QUERY } from '../demo/product-page-query.js';
import { executeGraphQL, type GraphQLOperation, type JsonTransport } from './graphql-client.js';

/** The product listing page both scenarios fetch: the first 20 products, all categories, in euros. */
export const PRODUCT_PAGE_VARIABLES = { first: 20, category: null, currency: 'EUR' } as const;

export const PRODUCT_PAGE_OPERATION: GraphQLOperation = {
  query: PRODUCT_PAGE_QUERY,
  operationName: 'ProductPage',
  variables: { ...PRODUCT_PAGE_VARIABLES },
};

export interface Money {
  amount: string;
  currency: string;
}

export interface Availability {
  status: string;
  quantityAvailable: number;
}

export interface Rating {
  average: number | null;
  count: number;
}

export interface ReviewPreview {
  rating: number;
  title: string;
  author: { name: string };
}

export interface ProductCard {
  id: string;
  sku: string;
  name: string;
  category: { slug: string; name: string };
  price: Money | null;
  availability: Availability;
  rating: Rating;
  reviews: { edges: { node: ReviewPreview }[] };
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The `data` of PRODUCT_PAGE_QUERY, whoever assembled it. */
export interface ProductPageData {
  products: { edges: { node: ProductCard }[]; pageInfo: PageInfo };
}

/** Scenario A's request, once: the same body autocannon sends. */
export function fetchProductPageViaGateway(transport: JsonTransport, gatewayUrl: string): Promise<ProductPageData> {
  return executeGraphQL<ProductPageData>(transport, gatewayUrl, PRODUCT_PAGE_OPERATION);
}
