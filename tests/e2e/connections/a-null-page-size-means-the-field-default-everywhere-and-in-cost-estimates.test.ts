import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../shared/http-server.js';
import { newId } from '../../../shared/ids.js';
import { dataOf, SUPPORT } from '../../support/entities.js';
import { startTestGateway } from '../../support/gateway.js';
import { gateway, postGraphQL } from '../../support/graphql.js';
import { givenPromotion } from '../../support/promotions.js';
import { as } from '../../support/tokens.js';
import { newCategory, newCustomer, newOrders, newRedemptions, newReviews, newStockMovements } from './fixtures.js';

interface Ids {
  edges: { node: { id: string } }[];
}
const idsOf = (connection: Ids) => connection.edges.map((edge) => edge.node.id);
const newestFirst = (ids: readonly string[]) => [...ids].sort().reverse();

// Every list is longer than its default page, so the default shows in the page's length.
let category: { slug: string; productIds: string[] };
let customerId: string;
let product: string;

beforeAll(async () => {
  category = await newCategory(23);
  customerId = await newCustomer();
  product = category.productIds[0] as string;
  await newReviews(Array.from({ length: 12 }, () => ({ productId: product, customerId: newId(), published: true })));
  await newReviews(category.productIds.slice(1, 13).map((productId) => ({ productId, customerId, published: true })));
});

describe('first: null and first omitted', () => {
  it('give products and Category.products their default of 20', async () => {
    const query = `query($first: Int, $slug: String!) {
      omitted: products(categorySlug: $slug) { edges { node { id } } }
      literal: products(categorySlug: $slug, first: null) { edges { node { id } } }
      variable: products(categorySlug: $slug, first: $first) { edges { node { id } } }
      category(slug: $slug) { omitted: products { edges { node { id } } } literal: products(first: null, last: null) { edges { node { id } } } }
    }`;
    const data = dataOf(
      await gateway<{ omitted: Ids; literal: Ids; variable: Ids; category: { omitted: Ids; literal: Ids } }>(query, {
        first: null,
        slug: category.slug,
      }),
    );
    const expected = category.productIds.slice(0, 20);
    for (const connection of [
      data.omitted,
      data.literal,
      data.variable,
      data.category.omitted,
      data.category.literal,
    ]) {
      expect(idsOf(connection)).toEqual(expected);
    }
  });

  it('give Product.reviews and Customer.reviews their default of 10, not 20', async () => {
    const query = `query($product: ID!, $customer: ID!) {
      product(id: $product) { omitted: reviews { edges { node { id } } } literal: reviews(first: null) { edges { node { id } } totalCount } }
      customer(id: $customer) { omitted: reviews { edges { node { id } } } literal: reviews(first: null) { edges { node { id } } totalCount } }
    }`;
    type Reviews = { omitted: Ids; literal: Ids & { totalCount: number } };
    const data = dataOf(
      await as<{ product: Reviews; customer: Reviews }>(SUPPORT, query, { product, customer: customerId }),
    );
    for (const owner of [data.product, data.customer]) {
      expect(owner.literal.totalCount).toBe(12);
      expect(idsOf(owner.literal)).toHaveLength(10);
      expect(idsOf(owner.literal)).toEqual(idsOf(owner.omitted));
    }
  });

  it('give Customer.orders and promotionRedemptions their default of 20', async () => {
    const orders = await newOrders(customerId, 22);
    const promotion = await givenPromotion();
    const redemptions = await newRedemptions(promotion.id, 22);
    const data = dataOf(
      await as<{ customer: { orders: Ids }; promotionRedemptions: Ids }>(
        SUPPORT,
        `query($customer: ID!, $promotion: ID!) {
          customer(id: $customer) { orders(first: null) { edges { node { id } } } }
          promotionRedemptions(promotionId: $promotion, first: null) { edges { node { id } } }
        }`,
        { customer: customerId, promotion: promotion.id },
      ),
    );
    expect(idsOf(data.customer.orders)).toEqual(newestFirst(orders).slice(0, 20));
    expect(idsOf(data.promotionRedemptions)).toEqual(redemptions.slice(0, 20));
  });

  it('give the plain list Product.stockMovements its default of 20', async () => {
    const movements = await newStockMovements(category.productIds[20] as string, 23);
    const data = dataOf(
      await as<{ product: { omitted: { id: string }[]; literal: { id: string }[] } }>(
        { subject: 'warehouse-staff-paging-tests', roles: ['warehouse_admin'] },
        `query($id: ID!) { product(id: $id) { omitted: stockMovements { id } literal: stockMovements(first: null) { id } } }`,
        { id: category.productIds[20] },
      ),
    );
    expect(data.product.literal.map((m) => m.id)).toEqual(newestFirst(movements).slice(0, 20));
    expect(data.product.omitted).toEqual(data.product.literal);
  });
});

describe('the gateway’s cost estimate', () => {
  let costly: RunningServer;
  beforeAll(async () => {
    costly = await startTestGateway({ MAX_QUERY_COST: '100', RATE_LIMITS: 'off' });
  });
  afterAll(() => costly?.close());

  const measured = async (query: string, variables?: Record<string, unknown>) => {
    const response = await postGraphQL(`${costly.url}/graphql`, query, variables);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE', limit: 100 });
    return response.errors?.[0]?.extensions?.measured;
  };

  it('sizes a list whose slicing argument is null or omitted by the field’s own default', async () => {
    // 20 products (edge + node + reviews connection each) with 10 reviews (edge + node) each.
    const expected = 1 + 20 * (3 + 10 * 2);
    const nested = (products: string, reviews: string) =>
      `{ products${products} { edges { node { reviews${reviews} { edges { node { id } } } } } } }`;
    expect(await measured(nested('', ''))).toBe(expected);
    expect(await measured(nested('(first: null)', '(first: null)'))).toBe(expected);
    expect(await measured(nested('(last: null)', '(first: null, last: null)'))).toBe(expected);
    expect(
      await measured(
        'query($n: Int) { products(first: $n) { edges { node { reviews(first: $n) { edges { node { id } } } } } } }',
        { n: null },
      ),
    ).toBe(expected);
  });

  it('sizes a list by last when last is given', async () => {
    expect(
      await measured('{ products(last: 30) { edges { node { reviews(last: 2) { edges { node { id } } } } } } }'),
    ).toBe(1 + 30 * (3 + 2 * 2));
    const served = await postGraphQL(
      `${costly.url}/graphql`,
      '{ products(last: 3) { edges { node { reviews(last: 2) { edges { node { id } } } } } } }',
    );
    expect(served.errors).toBeUndefined();
  });
});
