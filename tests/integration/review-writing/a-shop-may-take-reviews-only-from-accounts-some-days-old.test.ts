import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnService, stopService, waitUntilReady } from '../../../scripts/stack/processes.js';
import { newId } from '../../../shared/ids.js';
import { newShopper, type Shopper, sql } from '../../e2e/order-path/fixtures.js';
import { postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';
import { givenProductsOnSale, uniqueText } from './writing.js';

/**
 * REVIEW_MIN_ACCOUNT_AGE_DAYS, on a review subgraph process of its own: reviews are taken only
 * from accounts at least that many days old, as the customer subgraph knows them. A younger
 * account is told from when it may review; an account the customer subgraph does not know
 * never may.
 */

const MIN_AGE_DAYS = 7;
const SUBMIT = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id screening { outcome } } }`;

let review: { url: string; stop: () => Promise<void> };
let products: string[] = [];

beforeAll(async () => {
  const service = spawnService(
    `review-age-${newId().slice(-6)}`,
    'subgraphs/review/src/main.ts',
    'source',
    { ...inject('serviceEnv'), REVIEW_PORT: '0', LOG_LEVEL: 'warn', REVIEW_MIN_ACCOUNT_AGE_DAYS: String(MIN_AGE_DAYS) },
    () => {},
  );
  const base = `http://127.0.0.1:${await service.listening}`;
  await waitUntilReady(`${base}/health/ready`, service);
  review = { url: `${base}/graphql`, stop: () => stopService(service) };
  products = await givenProductsOnSale(2);
}, 60_000);

afterAll(() => review?.stop());

const submit = (token: string, productId: string) =>
  postGraphQL<{ submitReview: { id: string } }>(
    review.url,
    SUBMIT,
    { input: { productId, ...uniqueText() } },
    { authorization: `Bearer ${token}` },
  );

async function createdAtOf(shopper: Shopper): Promise<Date> {
  const rows = await sql('customer').query<{ createdAt: Date }>(
    'SELECT created_at AS "createdAt" FROM customer WHERE id = $1',
    [shopper.subject],
  );
  return rows.rows[0]?.createdAt as Date;
}

describe(`review: with REVIEW_MIN_ACCOUNT_AGE_DAYS=${MIN_AGE_DAYS}`, () => {
  it('refuses a new account as FORBIDDEN (ACCOUNT_TOO_NEW) with the day it may review, writing nothing', async () => {
    const shopper = await newShopper();
    const response = await submit(shopper.token, products[0] as string);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const extensions = response.errors?.[0]?.extensions ?? {};
    expect(extensions.reason).toBe('ACCOUNT_TOO_NEW');
    const createdAt = await createdAtOf(shopper);
    expect(new Date(extensions.allowedFrom as string).getTime()).toBe(createdAt.getTime() + MIN_AGE_DAYS * 86_400_000);
    const written = await sql('review').query('SELECT 1 FROM review WHERE customer_id = $1', [shopper.subject]);
    expect(written.rowCount).toBe(0);
  });

  it('takes the review of an account older than that', async () => {
    const shopper = await newShopper();
    await sql('customer').query(`UPDATE customer SET created_at = now() - interval '8 days' WHERE id = $1`, [
      shopper.subject,
    ]);
    const response = await submit(shopper.token, products[1] as string);
    expect(response.errors).toBeUndefined();
    expect(response.data?.submitReview.id).toEqual(expect.any(String));
  });

  it('never takes one from an account the customer subgraph does not know', async () => {
    const response = await submit(await mintToken(newId(), ['customer']), products[0] as string);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ACCOUNT_TOO_NEW',
      allowedFrom: null,
    });
  });
});
