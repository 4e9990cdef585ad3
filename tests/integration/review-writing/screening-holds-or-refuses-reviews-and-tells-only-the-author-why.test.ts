import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../support/entities.js';
import { dataOf, entitiesOf, representation, subgraphAs } from '../../support/entities.js';
import {
  aNewCustomer,
  givenProductsOnSale,
  givenPublishedReview,
  recountOf,
  submitReview,
  summaryOf,
  uniqueText,
} from './writing.js';

let productId = '';
beforeAll(async () => {
  [productId = ''] = await givenProductsOnSale(1);
});

const MODERATOR: Caller = { subject: 'moderator-review-tests', roles: ['moderator'] };

const listed = async (caller?: Caller) =>
  subgraphAs<{ _entities: { reviews: { edges: { node: { id: string; screening: unknown } }[] } }[] }>(
    caller,
    'review',
    `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Product { reviews(first: 100) { edges { node { id screening { outcome reasons } } } } }
    } }`,
    { r: [representation('Product', productId)] },
  );

describe('review: screening at submission', () => {
  it('refuses a profane review, obfuscated spelling and all: not listed, not counted, the reason told to its author', async () => {
    const review = dataOf(
      await submitReview(aNewCustomer(), { productId, rating: 1, title: 'Awful', body: 'A total pile of sh1t.' }),
    ).submitReview;
    expect(review.screening).toEqual({ outcome: 'REJECTED', reasons: ['PROFANITY'] });
    const ids = (
      await entitiesOf<{ reviews: { edges: { node: { id: string } }[] } }>(
        'review',
        '... on Product { reviews(first: 100) { edges { node { id } } } }',
        [representation('Product', productId)],
      )
    )[0]?.reviews.edges.map((edge) => edge.node.id);
    expect(ids).not.toContain(review.id);
    expect(await summaryOf(productId)).toEqual(await recountOf(productId));
  });

  it.each([
    ['a link', 'Cheaper at www.kettle-deals.example.com this week', ['LINK']],
    ['an e-mail address', 'Questions? Mail me at kettle.fan@example.org please', ['CONTACT_DETAILS']],
    ['a phone number', 'Text me on +44 20 7946 0000 for a discount code', ['CONTACT_DETAILS']],
    ['a spam pattern', 'BEST KETTLE EVER BUY IT NOW YOU WILL LOVE IT', ['SPAM_PATTERN']],
  ])('holds a review with %s for a moderator, with the reason', async (_what, body, reasons) => {
    const review = dataOf(
      await submitReview(aNewCustomer(), { productId, rating: 5, title: 'Kettle', body }),
    ).submitReview;
    expect(review.screening).toEqual({ outcome: 'PENDING', reasons });
  });

  it('holds a near-duplicate of another customer’s review of the same product', async () => {
    const original = await givenPublishedReview(aNewCustomer(), productId);
    const copy = dataOf(
      await submitReview(aNewCustomer(), {
        productId,
        rating: 5,
        title: original.title.toUpperCase(),
        body: `${original.body}!`,
      }),
    ).submitReview;
    expect(copy.screening).toEqual({ outcome: 'PENDING', reasons: ['DUPLICATE'] });
  });
});

describe('review: who sees why a review was screened', () => {
  it('shows it to the author and to moderators; anyone else gets null for that field alone, with the reason', async () => {
    const author = aNewCustomer();
    const review = await givenPublishedReview(author, productId, uniqueText());
    const screeningOf = (response: Awaited<ReturnType<typeof listed>>) =>
      response.data?._entities[0]?.reviews.edges.find((edge) => edge.node.id === review.id)?.node.screening;

    for (const caller of [author, MODERATOR]) {
      expect(screeningOf(await listed(caller))).toEqual({ outcome: 'PUBLISHED', reasons: [] });
    }
    for (const [caller, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [aNewCustomer(), 'FORBIDDEN'],
    ] as const) {
      const response = await listed(caller);
      expect(screeningOf(response)).toBeNull();
      expect(new Set(response.errors?.map((error) => error.extensions?.code))).toEqual(new Set([code]));
      expect(response.errors?.every((error) => error.path?.at(-1) === 'screening')).toBe(true);
    }
  });
});
