import { beforeAll, describe, expect, it } from 'vitest';
import { dataOf, entitiesOf, representation, UNKNOWN_ID } from '../../support/entities.js';
import {
  aNewCustomer,
  deleteReview,
  editReview,
  givenProductsOnSale,
  givenPublishedReview,
  onlyError,
  recountOf,
  snapshotOf,
  submitReview,
  summaryOf,
  uniqueText,
} from './writing.js';

let products: string[] = [];
beforeAll(async () => {
  products = await givenProductsOnSale(6);
});
const product = (index: number) => products[index] ?? '';

const ratingOf = async (productId: string) =>
  (
    await entitiesOf<{ rating: { count: number; average: number | null } }>(
      'review',
      '... on Product { rating { count average } }',
      [representation('Product', productId)],
    )
  )[0]?.rating;

const listedIds = async (productId: string) =>
  (
    await entitiesOf<{ reviews: { edges: { node: { id: string } }[] } }>(
      'review',
      '... on Product { reviews(first: 100) { edges { node { id } } } }',
      [representation('Product', productId)],
    )
  )[0]?.reviews.edges.map((edge) => edge.node.id);

describe('review: customers write their own reviews', () => {
  it('publishes a clean review at once: listed on the product and counted in its rating', async () => {
    const author = aNewCustomer();
    const review = await givenPublishedReview(author, product(0), uniqueText(5));
    expect(review).toMatchObject({ rating: 5, version: 1, product: { id: product(0) } });
    expect(await listedIds(product(0))).toContain(review.id);
    expect(await ratingOf(product(0))).toEqual({ count: 1, average: 5 });
    expect(await summaryOf(product(0))).toEqual(await recountOf(product(0)));
  });

  it('keeps the text as written, only trimmed', async () => {
    const text = { rating: 3, title: '  Tea & toast: “fine”, 3/5 ', body: ' Line one.\n\nLine two — ok.\t ' };
    const review = dataOf(await submitReview(aNewCustomer(), { productId: product(1), ...text })).submitReview;
    expect(review).toMatchObject({ title: 'Tea & toast: “fine”, 3/5', body: 'Line one.\n\nLine two — ok.' });
  });

  it('refuses a second review of the same product by the same customer as CONFLICT, changing nothing', async () => {
    const author = aNewCustomer();
    const first = await givenPublishedReview(author, product(2));
    const before = await snapshotOf([product(2)]);
    const error = onlyError(await submitReview(author, { productId: product(2), ...uniqueText(1) }));
    expect(error?.extensions).toMatchObject({ code: 'CONFLICT', reviewId: first.id });
    expect(await snapshotOf([product(2)])).toEqual(before);
  });

  it('refuses a review of a product that does not exist as NOT_FOUND, changing nothing', async () => {
    const author = aNewCustomer();
    const error = onlyError(await submitReview(author, { productId: UNKNOWN_ID, ...uniqueText() }));
    expect(error?.extensions?.code).toBe('NOT_FOUND');
    expect(await snapshotOf([UNKNOWN_ID])).toEqual({ reviews: [], summaries: [] });
  });
});

describe('review: customers edit their own reviews', () => {
  it('changes only the fields sent, bumps the version and moves the rating', async () => {
    const author = aNewCustomer();
    const review = await givenPublishedReview(author, product(3), uniqueText(2));
    const edited = dataOf(await editReview(author, review.id, 1, { rating: 4 })).editReview;
    expect(edited).toMatchObject({ id: review.id, rating: 4, title: review.title, body: review.body, version: 2 });
    expect(edited.screening).toEqual({ outcome: 'PUBLISHED', reasons: [] });
    expect(await ratingOf(product(3))).toMatchObject({ count: 1, average: 4 });
    expect(await summaryOf(product(3))).toEqual(await recountOf(product(3)));
  });

  it('screens the edited text again: a link sends a published review back to waiting, out of the rating', async () => {
    const author = aNewCustomer();
    const review = await givenPublishedReview(author, product(4));
    const countBefore = (await ratingOf(product(4)))?.count ?? 0;
    const edited = dataOf(
      await editReview(author, review.id, 1, { body: 'Cheaper at https://kettles.example.com, see there.' }),
    ).editReview;
    expect(edited.screening).toEqual({ outcome: 'PENDING', reasons: ['LINK'] });
    expect(await listedIds(product(4))).not.toContain(review.id);
    expect((await ratingOf(product(4)))?.count).toBe(countBefore - 1);
    // And back: a clean edit publishes it again.
    const cleaned = dataOf(await editReview(author, review.id, 2, uniqueText(5))).editReview;
    expect(cleaned.screening.outcome).toBe('PUBLISHED');
    expect((await ratingOf(product(4)))?.count).toBe(countBefore);
    expect(await summaryOf(product(4))).toEqual(await recountOf(product(4)));
  });

  it('refuses an edit of a stale version as CONFLICT with the current version, changing nothing', async () => {
    const author = aNewCustomer();
    const review = await givenPublishedReview(author, product(5));
    dataOf(await editReview(author, review.id, 1, { title: 'Second thoughts' }));
    const before = await snapshotOf([product(5)]);
    const error = onlyError(await editReview(author, review.id, 1, { title: 'Third thoughts' }));
    expect(error?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(await snapshotOf([product(5)])).toEqual(before);
  });

  it('answers an edit or deletion of someone else’s review as NOT_FOUND, changing nothing', async () => {
    const review = await givenPublishedReview(aNewCustomer(), product(5));
    const intruder = aNewCustomer();
    const before = await snapshotOf([product(5)]);
    expect(onlyError(await editReview(intruder, review.id, 1, { rating: 1 }))?.extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await deleteReview(intruder, review.id))?.extensions?.code).toBe('NOT_FOUND');
    expect(await snapshotOf([product(5)])).toEqual(before);
  });
});

describe('review: customers delete their own reviews', () => {
  it('removes the review from the product’s list and rating at once, and frees the product for a new review', async () => {
    const author = aNewCustomer();
    const review = await givenPublishedReview(author, product(0));
    const countBefore = (await ratingOf(product(0)))?.count ?? 0;
    expect(dataOf(await deleteReview(author, review.id)).deleteReview).toEqual({ id: review.id });
    expect(await listedIds(product(0))).not.toContain(review.id);
    expect((await ratingOf(product(0)))?.count).toBe(countBefore - 1);
    expect(await summaryOf(product(0))).toEqual(await recountOf(product(0)));
    expect(onlyError(await deleteReview(author, review.id))?.extensions?.code).toBe('NOT_FOUND');
    await givenPublishedReview(author, product(0));
  });
});
