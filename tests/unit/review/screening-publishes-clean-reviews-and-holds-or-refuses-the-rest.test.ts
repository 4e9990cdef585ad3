import { describe, expect, it } from 'vitest';
import { customerMayWrite } from '../../../subgraphs/review/src/domain/review-rate-limit.js';
import { type ScreeningInput, screenReview, textSimilarity } from '../../../subgraphs/review/src/domain/screening.js';

const CLEAN_BODY =
  'The kettle boils a full litre in under three minutes and the handle stays cool. Sturdy lid, quiet base.';

const screen = (changes: Partial<ScreeningInput>) =>
  screenReview({
    title: 'Does what it should',
    body: CLEAN_BODY,
    authorsOtherTexts: [],
    productsOtherTexts: [],
    recentReviewsOfProduct: 0,
    productBurstLimit: 20,
    ...changes,
  });

describe('review screening', () => {
  it('publishes a clean review, with no reasons', () => {
    expect(screen({})).toEqual({ outcome: 'PUBLISHED', reasons: [] });
  });

  it('publishes ordinary text that merely looks suspicious: prices, sizes, decimals, innocent words', () => {
    expect(
      screen({ body: 'Size 10 fits. 4.5 stars, e.g. for the price of 29.99 it is a bargain in Scunthorpe.' }),
    ).toEqual({ outcome: 'PUBLISHED', reasons: [] });
  });

  it.each([
    ['plainly', 'This is a shit kettle'],
    ['obfuscated with leetspeak', 'What a pile of sh1t'],
    ['with stretched letters', 'fuuuuck this kettle'],
  ])('refuses profanity written %s', (_how, body) => {
    expect(screen({ body })).toEqual({ outcome: 'REJECTED', reasons: ['PROFANITY'] });
  });

  it('refuses profanity even when other reasons would only hold the review', () => {
    expect(screen({ body: 'shit, see http://spam.example.com' })).toEqual({
      outcome: 'REJECTED',
      reasons: ['PROFANITY', 'LINK'],
    });
  });

  it.each([
    'Cheaper at https://deals.example.net/kettle',
    'Go to www.example.org for more',
    'Better ones at kettle-discounts.com today',
  ])('holds a review with a link: %s', (body) => {
    expect(screen({ body })).toEqual({ outcome: 'PENDING', reasons: ['LINK'] });
  });

  it('holds a review with an e-mail address, as contact details and not as a link', () => {
    expect(screen({ body: 'Write to me at jane.doe@example.com for a cheaper one' })).toEqual({
      outcome: 'PENDING',
      reasons: ['CONTACT_DETAILS'],
    });
  });

  it.each(['Call me on +44 20 7946 0000', 'Ring 555-123-4567 for a discount'])(
    'holds a review with a phone number: %s',
    (body) => {
      expect(screen({ body })).toEqual({ outcome: 'PENDING', reasons: ['CONTACT_DETAILS'] });
    },
  );

  it.each([
    ['a long run of one character', 'Great!!!!!!!!!!!! kettle'],
    ['mostly capital letters', 'THIS KETTLE IS THE BEST THING I EVER BOUGHT'],
    ['one word repeated', 'buy buy buy this kettle now'],
  ])('holds a spam pattern: %s', (_what, body) => {
    expect(screen({ body })).toEqual({ outcome: 'PENDING', reasons: ['SPAM_PATTERN'] });
  });

  it('holds a repeat of the author’s own text from another review', () => {
    expect(screen({ authorsOtherTexts: [`Does what it should\n${CLEAN_BODY}`] })).toEqual({
      outcome: 'PENDING',
      reasons: ['DUPLICATE'],
    });
  });

  it('holds a near-duplicate of another customer’s review of the product: case, punctuation and one word aside', () => {
    const other = `does what it should — ${CLEAN_BODY.toUpperCase().replace('quiet', 'silent')}`;
    expect(textSimilarity(`Does what it should\n${CLEAN_BODY}`, other)).toBeGreaterThanOrEqual(0.8);
    expect(screen({ productsOtherTexts: [other] })).toEqual({ outcome: 'PENDING', reasons: ['DUPLICATE'] });
  });

  it('publishes a different text on the same subject, and short praise others wrote alike', () => {
    expect(
      screen({
        productsOtherTexts: ['The kettle is loud and the lid broke after a week, but it boils fast enough for me.'],
      }),
    ).toEqual({ outcome: 'PUBLISHED', reasons: [] });
    expect(screen({ title: 'Great', body: 'Works well', productsOtherTexts: ['Great\nWorks well'] })).toEqual({
      outcome: 'PUBLISHED',
      reasons: [],
    });
  });

  it('holds a review written during a burst on its product, and not before the limit is passed', () => {
    expect(screen({ recentReviewsOfProduct: 19, productBurstLimit: 20 })).toEqual({
      outcome: 'PUBLISHED',
      reasons: [],
    });
    expect(screen({ recentReviewsOfProduct: 20, productBurstLimit: 20 })).toEqual({
      outcome: 'PENDING',
      reasons: ['PRODUCT_BURST'],
    });
  });

  it('lists every reason found, in a fixed order', () => {
    expect(
      screen({
        title: 'BEST KETTLE',
        body: 'VISIT WWW.EXAMPLE.COM OR CALL +44 20 7946 0000 NOW',
        recentReviewsOfProduct: 50,
      }).reasons,
    ).toEqual(['LINK', 'CONTACT_DETAILS', 'SPAM_PATTERN', 'PRODUCT_BURST']);
  });
});

describe('the per-customer hourly limit', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('allows writing while fewer than the limit were written in the last hour', () => {
    expect(customerMayWrite([minutesAgo(5), minutesAgo(10), minutesAgo(90)], now, 3)).toEqual({ allowed: true });
  });

  it('refuses at the limit, until the oldest review of the hour is an hour old', () => {
    expect(customerMayWrite([minutesAgo(50), minutesAgo(10), minutesAgo(5)], now, 3)).toEqual({
      allowed: false,
      retryAfterSeconds: 600,
    });
  });
});
