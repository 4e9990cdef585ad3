import { describe, expect, it } from 'vitest';
import {
  type Connection,
  entitiesOf,
  pendingReviews,
  publishedReviews,
  representation,
} from '../../support/entities.js';

const pendingIds = new Set(pendingReviews.map((review) => review.id));
const productsWithPending = [...new Set(pendingReviews.map((review) => review.productId))];
const authorsOfPending = [...new Set(pendingReviews.map((review) => review.customerId))];

type Listed = { reviews: Connection<{ id: string }> } | null;

const listedIds = (entities: Listed[]) =>
  entities.flatMap((entity) => entity?.reviews.edges.map((edge) => edge.node.id) ?? []);

describe('review: reviews waiting in moderation', () => {
  it('are never listed among a product’s reviews', async () => {
    expect(pendingReviews.length).toBeGreaterThan(0);
    const entities = await entitiesOf<Listed>(
      'review',
      '... on Product { reviews(first: 100) { edges { node { id } } } }',
      productsWithPending.map((id) => representation('Product', id)),
    );
    const listed = listedIds(entities);
    expect(listed.filter((id) => pendingIds.has(id))).toEqual([]);
    expect(listed.sort()).toEqual(
      publishedReviews
        .filter((review) => productsWithPending.includes(review.productId))
        .map((review) => review.id)
        .sort(),
    );
  });

  it('are never listed among their author’s reviews', async () => {
    const entities = await entitiesOf<Listed>(
      'review',
      '... on Customer { reviews(first: 100) { edges { node { id } } } }',
      authorsOfPending.map((id) => representation('Customer', id)),
    );
    const listed = listedIds(entities);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((id) => pendingIds.has(id))).toEqual([]);
  });

  it('cannot be fetched by reference either: each resolves to null', async () => {
    const entities = await entitiesOf(
      'review',
      '... on Review { id rating }',
      pendingReviews.map((review) => representation('Review', review.id)),
    );
    expect(entities).toEqual(pendingReviews.map(() => null));
  });

  it('do not count towards a product’s rating', async () => {
    const entities = await entitiesOf<{ rating: { count: number } }>(
      'review',
      '... on Product { rating { count } }',
      productsWithPending.map((id) => representation('Product', id)),
    );
    expect(entities.map((entity) => entity?.rating.count)).toEqual(
      productsWithPending.map((id) => publishedReviews.filter((review) => review.productId === id).length),
    );
  });
});
