import { randomBytes } from 'node:crypto';
import { afterAll, expect, inject } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { connectReviewDatabase, type ReviewDatabase } from '../../../subgraphs/review/src/data/database.js';
import { type Caller, dataOf, shop, signedIn, subgraphAs } from '../../support/entities.js';
import type { GraphQLResponse } from '../../support/graphql.js';

/**
 * Helpers for the review-writing tests. Files run in parallel against one shared database and
 * other tests compare the demo shop's reviews and ratings exactly, so every test reviews
 * products of its own, created on sale for it, as customers of its own (fresh ids).
 */

const CATALOG_ADMIN: Caller = { subject: 'catalog-admin-review-tests', roles: ['catalog_admin'] };

/** Products created ACTIVE in the catalog, which only these tests review. */
export async function givenProductsOnSale(count: number): Promise<string[]> {
  const categoryId = shop.categories[0]?.id;
  const created = await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await subgraphAs<{ createProduct: { id: string } }>(
        CATALOG_ADMIN,
        'catalog',
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        { input: { sku: `RVW-${newId()}`, name: 'Reviewed kettle', categoryId, status: 'ACTIVE' } },
      );
      return dataOf(response).createProduct.id;
    }),
  );
  return created;
}

/** A customer nobody else is. */
export const aNewCustomer = (): Caller => signedIn(newId());

export const REVIEW_FIELDS = 'id rating title body version product { id } screening { outcome reasons }';

export interface WrittenReview {
  id: string;
  rating: number;
  title: string;
  body: string;
  version: number;
  product: { id: string };
  screening: { outcome: 'PUBLISHED' | 'PENDING' | 'REJECTED'; reasons: string[] };
}

export type ReviewText = {
  rating: number;
  title: string;
  body: string;
};

let texts = 0;
/** A clean text unlike any other, so screening publishes it (no duplicate of another test's). */

// Plain words no screening rule objects to; random letters could spell one the profanity list holds.
const WORDS = ['amber', 'birch', 'cedar', 'dune', 'elm', 'fern', 'glade', 'heath', 'iris', 'juniper'];

/** A link or e-mail part of plain words, different each time (digits could read as a phone number). */
export function uniqueSlug(): string {
  return randomWords(8).join('-');
}

/** Random plain words, never the same twice in a row: a word repeated three times is a spam pattern. */
function randomWords(count: number): string[] {
  let at = 0;
  return Array.from(randomBytes(count), (byte) => {
    at = (at + 1 + (byte % (WORDS.length - 1))) % WORDS.length;
    return WORDS[at] as string;
  });
}

export function uniqueText(rating = 4): ReviewText {
  texts++;
  const words = randomWords(20);
  return { rating, title: `Review number ${texts}`, body: `Honest notes ${words.join(' ')} and that is all.` };
}

export function submitReview(caller: Caller, input: Record<string, unknown>) {
  return subgraphAs<{ submitReview: WrittenReview }>(
    caller,
    'review',
    `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { ${REVIEW_FIELDS} } }`,
    { input },
  );
}

export function editReview(caller: Caller, id: string, expectedVersion: number, input: Record<string, unknown>) {
  return subgraphAs<{ editReview: WrittenReview }>(
    caller,
    'review',
    `mutation($id: ID!, $expectedVersion: Int!, $input: EditReviewInput!) {
      editReview(id: $id, expectedVersion: $expectedVersion, input: $input) { ${REVIEW_FIELDS} }
    }`,
    { id, expectedVersion, input },
  );
}

export function deleteReview(caller: Caller, id: string) {
  return subgraphAs<{ deleteReview: { id: string } }>(
    caller,
    'review',
    'mutation($id: ID!) { deleteReview(id: $id) { id } }',
    { id },
  );
}

/** Submits a clean review and returns it, after checking it was published. */
export async function givenPublishedReview(caller: Caller, productId: string, text = uniqueText()) {
  const review = dataOf(await submitReview(caller, { productId, ...text })).submitReview;
  expect(review.screening).toEqual({ outcome: 'PUBLISHED', reasons: [] });
  return review;
}

/** The one error of a response, after checking there is exactly one and no data. */
export function onlyError(response: GraphQLResponse<unknown>) {
  expect(response.errors).toHaveLength(1);
  expect(response.data ?? null).toBeNull();
  return response.errors?.[0];
}

let database: ReviewDatabase | undefined;

/** Straight to the review subgraph's tables, to see what a request changed (or did not). */
export function reviewDb(): ReviewDatabase {
  if (!database) {
    database = connectReviewDatabase({
      databaseUrl: inject('databaseUrls').review,
      databaseSchema: 'review',
      poolSize: 4,
    });
    const opened = database;
    afterAll(() => opened.$disconnect());
  }
  return database;
}

/** Every review row of some products and every summary row of them: what "nothing changed" compares. */
export async function snapshotOf(productIds: string[]) {
  const db = reviewDb();
  const [reviews, summaries] = await Promise.all([
    db.review.findMany({ where: { productId: { in: productIds } }, orderBy: { id: 'asc' } }),
    db.reviewRatingSummary.findMany({ where: { productId: { in: productIds } }, orderBy: { productId: 'asc' } }),
  ]);
  return { reviews, summaries };
}

/** A product's summary row as a recount of its published reviews would write it (zeros without any). */
export async function recountOf(productId: string) {
  const published = await reviewDb().review.findMany({ where: { productId, status: 'APPROVED' } });
  const stars = [1, 2, 3, 4, 5].map((n) => published.filter((r) => r.rating === n).length);
  return {
    count: published.length,
    sum: published.reduce((sum, r) => sum + r.rating, 0),
    stars,
  };
}

export async function summaryOf(productId: string) {
  const row = await reviewDb().reviewRatingSummary.findUnique({ where: { productId } });
  return {
    count: row?.count ?? 0,
    sum: row?.sum ?? 0,
    stars: row ? [row.stars1, row.stars2, row.stars3, row.stars4, row.stars5] : [0, 0, 0, 0, 0],
  };
}
