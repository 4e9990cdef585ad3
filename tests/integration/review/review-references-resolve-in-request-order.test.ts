import { describe, expect, it } from 'vitest';
import {
  entitiesOf,
  must,
  publishedReviews,
  REVIEW_FIELDS,
  representation,
  reviewViewOf,
  shop,
  UNKNOWN_ID,
} from '../../support/entities.js';

describe('review: entity references (_entities)', () => {
  it('resolves published reviews in the order given, an unknown one as null in place', async () => {
    // -1 stands for a review that does not exist.
    const chosen = [20, -1, 3, 57].map((i) => (i < 0 ? null : must(publishedReviews[i], `review #${i}`)));
    const entities = await entitiesOf(
      'review',
      `... on Review { ${REVIEW_FIELDS} }`,
      chosen.map((review) => representation('Review', review?.id ?? UNKNOWN_ID)),
    );
    expect(entities).toEqual(chosen.map((review) => (review ? reviewViewOf(review) : null)));
  });

  it('resolves products, customers and reviews mixed in one request, in request order', async () => {
    const review = must(publishedReviews[9], 'review');
    const product = must(shop.products[7], 'product');
    const customer = must(shop.customers[1], 'customer');
    const entities = await entitiesOf(
      'review',
      '... on Product { id rating { count } } ... on Customer { id } ... on Review { id stars: rating }',
      [
        representation('Customer', customer.id),
        representation('Review', review.id),
        representation('Product', product.id),
      ],
    );
    expect(entities).toEqual([
      { id: customer.id },
      { id: review.id, stars: review.rating },
      { id: product.id, rating: { count: publishedReviews.filter((r) => r.productId === product.id).length } },
    ]);
  });
});
