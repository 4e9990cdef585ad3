import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { dataOf, SUPPORT } from '../../support/entities.js';
import { gateway } from '../../support/graphql.js';
import { givenPromotion } from '../../support/promotions.js';
import { as } from '../../support/tokens.js';
import {
  expectWalksBothWays,
  newCategory,
  newCustomer,
  newOrders,
  newRedemptions,
  newReviews,
  PAGE,
  type Page,
  type PageArguments,
} from './fixtures.js';

const ARGS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGING = 'first: $first, after: $after, last: $last, before: $before';

let category: { slug: string; productIds: string[] };
let customerId: string;
let reviewedProduct: string;
let productReviews: string[];
let customerReviews: string[];

beforeAll(async () => {
  category = await newCategory(12);
  customerId = await newCustomer();
  reviewedProduct = category.productIds[0] as string;
  // Seven published reviews of one product by others, and one still in moderation.
  productReviews = await newReviews(
    Array.from({ length: 8 }, (_, i) => ({ productId: reviewedProduct, customerId: newId(), published: i !== 3 })),
  );
  // The customer's own: six published, one in moderation.
  customerReviews = await newReviews(
    category.productIds.slice(1, 8).map((productId, i) => ({ productId, customerId, published: i !== 5 })),
  );
});

const newestFirst = (ids: readonly string[]) => [...ids].sort().reverse();

describe('every connection, walked forward with first/after and backward with last/before', () => {
  it('Query.products of a category: oldest first, drafts left out, with hasPreviousPage, both cursors and totalCount', async () => {
    const fetchPage = async (args: PageArguments) =>
      dataOf(
        await gateway<{ products: Page }>(
          `query(${ARGS}, $slug: String) { products(${PAGING}, categorySlug: $slug) { ${PAGE} } }`,
          { ...args, slug: category.slug },
        ),
      ).products;
    for (const size of [1, 5, 12, 20]) await expectWalksBothWays(fetchPage, category.productIds, size);
  });

  it('Category.products: the same list, paged the same way', async () => {
    const fetchPage = async (args: PageArguments) =>
      dataOf(
        await gateway<{ category: { products: Page } }>(
          `query(${ARGS}, $slug: String!) { category(slug: $slug) { products(${PAGING}) { ${PAGE} } } }`,
          { ...args, slug: category.slug },
        ),
      ).category.products;
    await expectWalksBothWays(fetchPage, category.productIds, 5);
  });

  it('Query.products of the whole shop, against the list as it stands (other tests add products meanwhile)', async () => {
    const fetchPage = async (args: PageArguments) =>
      dataOf(await gateway<{ products: Page }>(`query(${ARGS}) { products(${PAGING}) { ${PAGE} } }`, args)).products;
    const everything = async () => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Page = await fetchPage({ first: 100, after });
        ids.push(...page.edges.map((edge) => edge.node.id));
        if (!page.pageInfo.hasNextPage) return ids;
        after = page.pageInfo.endCursor;
      }
    };
    for (let attempt = 1; ; attempt++) {
      const before = await everything();
      expect(before).toEqual([...before].sort());
      try {
        await expectWalksBothWays(fetchPage, before, 25);
        return;
      } catch (error) {
        // A walk that raced another test's new product is repeated; a real failure repeats itself.
        if (attempt >= 4 || JSON.stringify(await everything()) === JSON.stringify(before)) throw error;
      }
    }
  });

  it('Product.reviews: published reviews only, newest first', async () => {
    const fetchPage = async (args: PageArguments) =>
      dataOf(
        await gateway<{ product: { reviews: Page } }>(
          `query(${ARGS}, $id: ID!) { product(id: $id) { reviews(${PAGING}) { ${PAGE} } } }`,
          { ...args, id: reviewedProduct },
        ),
      ).product.reviews;
    expect(productReviews).toHaveLength(7);
    for (const size of [1, 3, 7]) await expectWalksBothWays(fetchPage, newestFirst(productReviews), size);
  });

  it('Customer.reviews: the author’s published reviews, newest first', async () => {
    const fetchPage = async (args: PageArguments) =>
      dataOf(
        await as<{ customer: { reviews: Page } }>(
          SUPPORT,
          `query(${ARGS}, $id: ID!) { customer(id: $id) { reviews(${PAGING}) { ${PAGE} } } }`,
          { ...args, id: customerId },
        ),
      ).customer.reviews;
    expect(customerReviews).toHaveLength(6);
    await expectWalksBothWays(fetchPage, newestFirst(customerReviews), 4);
  });

  it('Customer.orders: newest first, for the customer and for support alike', async () => {
    const orders = await newOrders(customerId, 9);
    const caller = { subject: customerId, roles: ['customer' as const] };
    for (const who of [caller, SUPPORT]) {
      const fetchPage = async (args: PageArguments) =>
        dataOf(
          await as<{ customer: { orders: Page } }>(
            who,
            `query(${ARGS}, $id: ID!) { customer(id: $id) { orders(${PAGING}) { ${PAGE} } } }`,
            { ...args, id: customerId },
          ),
        ).customer.orders;
      await expectWalksBothWays(fetchPage, newestFirst(orders), 4);
    }
  });

  it('Query.promotionRedemptions: every use, oldest first', async () => {
    const promotion = await givenPromotion();
    const redemptions = await newRedemptions(promotion.id, 8);
    const fetchPage = async (args: PageArguments) =>
      dataOf(
        await as<{ promotionRedemptions: Page }>(
          SUPPORT,
          `query(${ARGS}, $id: ID!) { promotionRedemptions(promotionId: $id, ${PAGING}) { ${PAGE} } }`,
          { ...args, id: promotion.id },
        ),
      ).promotionRedemptions;
    await expectWalksBothWays(fetchPage, redemptions, 3);
  });

  it('pages within a range when after and before are both given', async () => {
    const ids = category.productIds;
    const cursorOf = async (index: number) =>
      dataOf(
        await gateway<{ products: Page }>(
          `query($slug: String, $first: Int) { products(categorySlug: $slug, first: $first) { ${PAGE} } }`,
          { slug: category.slug, first: index + 1 },
        ),
      ).products.pageInfo.endCursor;
    const [after, before] = [await cursorOf(2), await cursorOf(9)];
    const between = (args: PageArguments) =>
      gateway<{ products: Page }>(
        `query(${ARGS}, $slug: String) { products(${PAGING}, categorySlug: $slug) { ${PAGE} } }`,
        { ...args, slug: category.slug, after, before },
      );
    const forward = dataOf(await between({ first: 4 })).products;
    expect(forward.edges.map((edge) => edge.node.id)).toEqual(ids.slice(3, 7));
    // Paging forward, hasNextPage says whether more lie before `before`; rows precede `after`.
    expect(forward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const backward = dataOf(await between({ last: 4 })).products;
    expect(backward.edges.map((edge) => edge.node.id)).toEqual(ids.slice(5, 9));
    expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const all = dataOf(await between({ first: 10 })).products;
    expect(all.edges.map((edge) => edge.node.id)).toEqual(ids.slice(3, 9));
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});
