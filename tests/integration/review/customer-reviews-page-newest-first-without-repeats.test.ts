import { describe, expect, it } from 'vitest';
import {
  type Connection,
  entitiesOf,
  inIdOrder,
  must,
  publishedReviews,
  REVIEW_FIELDS,
  representation,
  reviewViewOf,
  shop,
  walkConnection,
} from '../../support/entities.js';

const publishedBy = (customerId: string) =>
  inIdOrder(publishedReviews.filter((review) => review.customerId === customerId)).reverse();

const REVIEW_PAGE = `query($r: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $r) {
    ... on Customer { reviews(first: $first, after: $after) { edges { cursor node { ${REVIEW_FIELDS} } } pageInfo { hasNextPage endCursor } } }
  }
}`;

describe('review: Customer.reviews', () => {
  it.each(shop.customers.map((c) => [c.name, c.id]))(
    'pages through the published reviews of %s newest first, each exactly once',
    async (_name, customerId) => {
      const listed = await walkConnection(
        'review',
        REVIEW_PAGE,
        { r: [representation('Customer', customerId)] },
        7,
        (data: { _entities: { reviews: Connection<unknown> }[] }) => must(data._entities[0], 'customer').reviews,
      );
      expect(listed).toEqual(publishedBy(customerId).map(reviewViewOf));
    },
  );

  it('gives 10 reviews per page when first is not given', async () => {
    const customer = must(shop.customers[0], 'customer');
    expect(publishedBy(customer.id).length).toBeGreaterThan(10);
    const [entity] = await entitiesOf<{ reviews: Connection<{ id: string }> }>(
      'review',
      '... on Customer { reviews { edges { node { id } } pageInfo { hasNextPage } } }',
      [representation('Customer', customer.id)],
    );
    expect(entity?.reviews.edges.map((edge) => edge.node.id)).toEqual(
      publishedBy(customer.id)
        .slice(0, 10)
        .map((review) => review.id),
    );
    expect(entity?.reviews.pageInfo.hasNextPage).toBe(true);
  });
});
