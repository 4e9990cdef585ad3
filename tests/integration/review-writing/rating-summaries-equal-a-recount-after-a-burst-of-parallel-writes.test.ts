import { describe, expect, it } from 'vitest';
import type { Caller } from '../../support/entities.js';
import {
  aNewCustomer,
  deleteReview,
  editReview,
  givenProductsOnSale,
  givenPublishedReview,
  recountOf,
  submitReview,
  summaryOf,
  uniqueText,
  type WrittenReview,
} from './writing.js';

const PRODUCTS = 3;
const EXISTING_PER_PRODUCT = 6;

describe('review: rating summaries under concurrency', () => {
  it('equal a recount of the published reviews after 40+ parallel submissions, edits and deletions', async () => {
    const products = await givenProductsOnSale(PRODUCTS);
    // Reviews to edit and delete, written before the burst.
    const existing: { author: Caller; review: WrittenReview }[] = [];
    for (const productId of products) {
      const written = await Promise.all(
        Array.from({ length: EXISTING_PER_PRODUCT }, async (_, i) => {
          const author = aNewCustomer();
          return { author, review: await givenPublishedReview(author, productId, uniqueText((i % 5) + 1)) };
        }),
      );
      existing.push(...written);
    }

    const operations: Promise<{ errors?: { extensions?: { code?: string } }[] }>[] = [];
    existing.forEach(({ author, review }, i) => {
      switch (i % 3) {
        case 0:
          operations.push(deleteReview(author, review.id));
          break;
        case 1:
          // Two edits of the same version at once: one wins, the other is told CONFLICT.
          operations.push(editReview(author, review.id, 1, { rating: ((review.rating + 1) % 5) + 1 }));
          operations.push(editReview(author, review.id, 1, { body: 'Now at www.kettle-deals.example.com instead.' }));
          break;
        default:
          operations.push(editReview(author, review.id, 1, { body: 'Mail kettle.fan@example.org for a better one.' }));
          operations.push(deleteReview(author, review.id));
      }
    });
    for (const productId of products) {
      for (let i = 0; i < 8; i++) {
        operations.push(submitReview(aNewCustomer(), { productId, ...uniqueText((i % 5) + 1) }));
      }
    }
    expect(operations.length).toBeGreaterThanOrEqual(40);

    const results = await Promise.all(operations);
    const unexpected = results
      .flatMap((r) => r.errors ?? [])
      .filter((e) => !['CONFLICT', 'NOT_FOUND'].includes(e.extensions?.code ?? ''));
    expect(unexpected).toEqual([]);

    for (const productId of products) {
      expect(await summaryOf(productId)).toEqual(await recountOf(productId));
    }
  });
});
