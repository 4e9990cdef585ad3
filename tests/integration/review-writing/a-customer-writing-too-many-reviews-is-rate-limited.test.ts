import { beforeAll, describe, expect, it } from 'vitest';
import {
  aNewCustomer,
  deleteReview,
  givenProductsOnSale,
  givenPublishedReview,
  onlyError,
  snapshotOf,
  submitReview,
  uniqueText,
} from './writing.js';

/** REVIEW_MAX_PER_CUSTOMER_PER_HOUR as the test stack runs it: the default. */
const LIMIT = 5;

let products: string[] = [];
beforeAll(async () => {
  products = await givenProductsOnSale(LIMIT + 1);
});

describe('review: the hourly limit per customer', () => {
  it(`accepts ${LIMIT} reviews in an hour, then refuses the next as RATE_LIMITED with when to retry, writing nothing`, async () => {
    const author = aNewCustomer();
    for (const productId of products.slice(0, LIMIT)) await givenPublishedReview(author, productId);
    const last = products[LIMIT] ?? '';
    const before = await snapshotOf([last]);
    const error = onlyError(await submitReview(author, { productId: last, ...uniqueText() }));
    expect(error?.extensions?.code).toBe('RATE_LIMITED');
    expect(error?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
    expect(error?.extensions?.retryAfterSeconds).toBeGreaterThan(3500);
    expect(error?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(await snapshotOf([last])).toEqual(before);
    // Another customer is not held back by it.
    await givenPublishedReview(aNewCustomer(), last);
  });

  it('counts what a customer wrote, not what they kept: deleting reviews gives no turn back', async () => {
    const author = aNewCustomer();
    for (const productId of products.slice(0, LIMIT)) {
      const review = await givenPublishedReview(author, productId);
      expect((await deleteReview(author, review.id)).errors).toBeUndefined();
    }
    const error = onlyError(await submitReview(author, { productId: products[0], ...uniqueText() }));
    expect(error?.extensions?.code).toBe('RATE_LIMITED');
  });
});
