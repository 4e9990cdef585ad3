import { beforeAll, describe, expect, it } from 'vitest';
import { expectBadUserInput } from '../../support/entities.js';
import {
  aNewCustomer,
  editReview,
  givenProductsOnSale,
  givenPublishedReview,
  snapshotOf,
  submitReview,
  uniqueText,
  type WrittenReview,
} from './writing.js';

let productId = '';
const author = aNewCustomer();
let review: WrittenReview;
beforeAll(async () => {
  [productId = ''] = await givenProductsOnSale(1);
  review = await givenPublishedReview(author, productId);
});

const valid = () => ({ productId, ...uniqueText() });

describe('review: bad input', () => {
  it.each([
    ['a product id that is not a ULID', { productId: 'kettle' }, 'input.productId', /ULID/],
    ['no stars', { rating: 0 }, 'input.rating', /1 to 5/],
    ['six stars', { rating: 6 }, 'input.rating', /1 to 5/],
    ['an empty title', { title: '   ' }, 'input.title', /must not be empty/],
    ['a title of 121 characters', { title: 'a'.repeat(121) }, 'input.title', /at most 120/],
    ['markup in the title', { title: '<b>Great</b>' }, 'input.title', /markup/],
    ['a control character in the title', { title: 'Great\u0007' }, 'input.title', /control characters/],
    ['an empty body', { body: '' }, 'input.body', /must not be empty/],
    ['a body of 5001 characters', { body: `${'a '.repeat(2500)}ab` }, 'input.body', /at most 5000/],
    ['a bidirectional override in the body', { body: 'Great \u202e kettle' }, 'input.body', /control characters/],
  ])(
    'refuses a submission with %s as BAD_USER_INPUT naming the field, writing nothing',
    async (_what, change, field, message) => {
      const customer = aNewCustomer();
      const other = aNewCustomer();
      const before = await snapshotOf([productId]);
      expectBadUserInput(await submitReview(customer, { ...valid(), ...change }), { field, message });
      expectBadUserInput(await submitReview(other, { ...valid(), ...change }), { field, message });
      expect(await snapshotOf([productId])).toEqual(before);
    },
  );

  it.each([
    ['nothing to change', 1, {}, 'input', /at least one/],
    ['a version below 1', 0, { rating: 3 }, 'expectedVersion', /at least 1/],
    ['seven stars', 1, { rating: 7 }, 'input.rating', /1 to 5/],
    ['an empty title', 1, { title: '' }, 'input.title', /must not be empty/],
  ])(
    'refuses an edit with %s as BAD_USER_INPUT naming the field, changing nothing',
    async (_what, version, input, field, message) => {
      const before = await snapshotOf([productId]);
      expectBadUserInput(await editReview(author, review.id, version, input), { field, message });
      expect(await snapshotOf([productId])).toEqual(before);
    },
  );

  it('refuses an edit of an id that is not a ULID as BAD_USER_INPUT', async () => {
    expectBadUserInput(await editReview(author, 'review-1', 1, { rating: 3 }), { field: 'id', message: /ULID/ });
  });
});
