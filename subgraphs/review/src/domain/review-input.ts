import { freeText, shortText, ulid, z } from '../../../../shared/validation.js';
import { MAX_RATING, MIN_RATING } from './rating-summary.js';

export const TITLE_MAX_LENGTH = 120;
export const BODY_MAX_LENGTH = 5000;

const rating = z
  .number()
  .int('must be a whole number of stars')
  .min(MIN_RATING, `must be ${MIN_RATING} to ${MAX_RATING}`)
  .max(MAX_RATING, `must be ${MIN_RATING} to ${MAX_RATING}`);
// The shared text rules: trimmed, Unicode-normalised, no control characters; the title is one
// line without markup, the body plain text with newlines. Kept as written otherwise.
const title = shortText(TITLE_MAX_LENGTH);
const body = freeText(BODY_MAX_LENGTH);

export const submitReviewInput = z.object({ productId: ulid, rating, title, body });
export type NewReview = z.output<typeof submitReviewInput>;

export const editReviewInput = z
  .object({
    rating: rating.nullish().transform((value) => value ?? undefined),
    title: title.nullish().transform((value) => value ?? undefined),
    body: body.nullish().transform((value) => value ?? undefined),
  })
  .refine(
    (changes) => changes.rating !== undefined || changes.title !== undefined || changes.body !== undefined,
    'must change at least one of rating, title and body',
  );
export type ReviewChanges = z.output<typeof editReviewInput>;

export const expectedVersion = z.number().int('must be a whole number').min(1, 'must be at least 1');
