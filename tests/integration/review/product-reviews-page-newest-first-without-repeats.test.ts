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
  UNKNOWN_ID,
  walkConnection,
} from '../../support/entities.js';

interface ReviewNode {
  id: string;
  product: { id: string };
}

const publishedOf = (productId: string) =>
  inIdOrder(publishedReviews.filter((review) => review.productId === productId)).reverse();

const REVIEW_PAGE = `query($r: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $r) {
    ... on Product { reviews(first: $first, after: $after) { edges { cursor node { id product { id } } } pageInfo { hasNextPage endCursor } } }
  }
}`;

describe('review: Product.reviews', () => {
  it('gives every product its published reviews, newest first, with the review fields', async () => {
    const entities = await entitiesOf<{ id: string; reviews: Connection<ReviewNode> }>(
      'review',
      `... on Product { id reviews(first: 100) { edges { node { ${REVIEW_FIELDS} } } pageInfo { hasNextPage } } }`,
      shop.products.map((p) => representation('Product', p.id)),
    );
    expect(entities.map((entity) => entity?.reviews.edges.map((edge) => edge.node))).toEqual(
      shop.products.map((p) => publishedOf(p.id).map(reviewViewOf)),
    );
    expect(entities.every((entity) => entity?.reviews.pageInfo.hasNextPage === false)).toBe(true);
  });

  it('pages one review at a time, newest first, without repeating or skipping one', async () => {
    const most = Math.max(...shop.products.map((p) => publishedOf(p.id).length));
    const products = shop.products.filter((p) => publishedOf(p.id).length === most).slice(0, 3);
    expect(most).toBeGreaterThan(1);
    for (const product of products) {
      const listed = await walkConnection(
        'review',
        REVIEW_PAGE,
        { r: [representation('Product', product.id)] },
        1,
        (data: { _entities: { reviews: Connection<ReviewNode> }[] }) => must(data._entities[0], 'product').reviews,
      );
      expect(listed.map((node) => node.id)).toEqual(publishedOf(product.id).map((review) => review.id));
      expect(listed.every((node) => node.product.id === product.id)).toBe(true);
    }
  });

  it('has no reviews, and no next page, for a product nobody has reviewed', async () => {
    const [entity] = await entitiesOf(
      'review',
      '... on Product { id reviews { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      [representation('Product', UNKNOWN_ID)],
    );
    expect(entity).toEqual({
      id: UNKNOWN_ID,
      reviews: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });
});
