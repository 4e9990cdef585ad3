import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

/**
 * Screening of a review's text at submission and at every edit: pure rules, no I/O. The caller
 * gathers what the rules compare against (the author's other texts, the product's other texts,
 * how many reviews the product had lately) and records the outcome and reasons on the review.
 *
 * Clean text is published at once; anything a person should look at first waits (PENDING);
 * abuse is refused (REJECTED). Authors see the reason codes, never the rules' internals, so the
 * codes are stable and the rules can be tuned without changing the API.
 */

export type ScreeningOutcome = 'PUBLISHED' | 'PENDING' | 'REJECTED';

export const SCREENING_REASONS = [
  'PROFANITY',
  'LINK',
  'CONTACT_DETAILS',
  'SPAM_PATTERN',
  'DUPLICATE',
  'PRODUCT_BURST',
] as const;
export type ScreeningReason = (typeof SCREENING_REASONS)[number];

export interface ScreeningResult {
  outcome: ScreeningOutcome;
  /** In the order of SCREENING_REASONS; empty when published. */
  reasons: ScreeningReason[];
}

export interface ScreeningInput {
  title: string;
  body: string;
  /** Title and body of the author's other reviews (any product, any status). */
  authorsOtherTexts: readonly string[];
  /** Title and body of other customers' recent reviews of the same product (any status). */
  productsOtherTexts: readonly string[];
  /** Reviews of the product written in the last PRODUCT_BURST_WINDOW_MS, this one excluded. */
  recentReviewsOfProduct: number;
  /** More reviews of one product than this within the window hold them all for a moderator. */
  productBurstLimit: number;
}

/** The window of the per-product burst rule. */
export const PRODUCT_BURST_WINDOW_MS = 10 * 60 * 1000;

/** Reasons that refuse a review outright; any other reason holds it for a moderator. */
const REJECTING: ReadonlySet<ScreeningReason> = new Set(['PROFANITY']);

// The maintained English word list with its recommended transformers: they undo leetspeak,
// look-alike characters and stretched letters ("sh1t", "fuuuck"), while the dataset's whitelist
// keeps innocent words that contain a bad one ("Scunthorpe", "assessment") clean.
const profanity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

// Web addresses: a scheme, "www.", or a host name ending in a common top-level domain. A bare
// "e.g." or "3.5" does not match; "example.com" and "shop.example.co.uk/x" do.
const URL_PATTERN =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|shop|store|online|site|xyz|top|ru|cn|de|uk|fr|nl|eu|us|me|ly|gl|link|app)\b(?:\/\S*)?/i;
const EMAIL_PATTERN = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
// A phone number: digits with the usual separators, 7 to 15 digits in all (E.164's maximum).
const PHONE_CANDIDATE = /\+?\(?\d[\d\s().\-/]{5,22}\d/g;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

/** Eight or more of one character in a row ("!!!!!!!!", "soooooooo"). */
const CHARACTER_RUN = /(\S)\1{7,}/u;
/** Shouting: among at least this many letters, more than this share upper case. */
const SHOUTING_MIN_LETTERS = 20;
const SHOUTING_SHARE = 0.7;
/** One word three times in a row ("buy buy buy"). */
const WORD_REPEATED_IN_A_ROW = 3;

/** Texts at least this similar (Jaccard similarity of their word shingles) are duplicates. */
export const DUPLICATE_SIMILARITY = 0.8;
/** Word shingles of this many words each. */
const SHINGLE_WORDS = 3;
/**
 * Texts shorter than this many words are not compared: short praise ("Great, works well") is
 * naturally written alike by different people, and a copy that short carries no spam.
 */
const MIN_WORDS_TO_COMPARE = 6;

export function screenReview(input: ScreeningInput): ScreeningResult {
  const text = `${input.title}\n${input.body}`;
  const found = new Set<ScreeningReason>();
  if (profanity.hasMatch(text)) found.add('PROFANITY');
  if (URL_PATTERN.test(text.replace(EMAIL_PATTERN, ' '))) found.add('LINK');
  if (EMAIL_PATTERN.test(text) || hasPhoneNumber(text)) found.add('CONTACT_DETAILS');
  if (looksLikeSpam(text)) found.add('SPAM_PATTERN');
  if (isNearDuplicate(text, [...input.authorsOtherTexts, ...input.productsOtherTexts])) found.add('DUPLICATE');
  if (input.recentReviewsOfProduct + 1 > input.productBurstLimit) found.add('PRODUCT_BURST');

  const reasons = SCREENING_REASONS.filter((reason) => found.has(reason));
  const outcome: ScreeningOutcome = reasons.some((reason) => REJECTING.has(reason))
    ? 'REJECTED'
    : reasons.length > 0
      ? 'PENDING'
      : 'PUBLISHED';
  return { outcome, reasons };
}

function hasPhoneNumber(text: string): boolean {
  for (const [candidate] of text.matchAll(PHONE_CANDIDATE)) {
    const digits = candidate.replace(/\D/g, '').length;
    if (digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS) return true;
  }
  return false;
}

function looksLikeSpam(text: string): boolean {
  if (CHARACTER_RUN.test(text)) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = text.match(/\p{Lu}/gu) ?? [];
  if (letters.length >= SHOUTING_MIN_LETTERS && upper.length / letters.length > SHOUTING_SHARE) return true;
  const words = wordsOf(text);
  let run = 1;
  for (let i = 1; i < words.length; i++) {
    run = words[i] === words[i - 1] ? run + 1 : 1;
    if (run >= WORD_REPEATED_IN_A_ROW) return true;
  }
  return false;
}

/** Lower-case words of letters and digits, accents and punctuation aside: how texts compare. */
export function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function shinglesOf(words: readonly string[]): Set<string> {
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    shingles.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  }
  return shingles;
}

/** Jaccard similarity of two texts' word shingles: 1 for the same words in the same order. */
export function textSimilarity(a: string, b: string): number {
  const left = shinglesOf(wordsOf(a));
  const right = shinglesOf(wordsOf(b));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const shingle of left) if (right.has(shingle)) shared++;
  return shared / (left.size + right.size - shared);
}

function isNearDuplicate(text: string, others: readonly string[]): boolean {
  if (wordsOf(text).length < MIN_WORDS_TO_COMPARE) return false;
  return others.some(
    (other) => wordsOf(other).length >= MIN_WORDS_TO_COMPARE && textSimilarity(text, other) >= DUPLICATE_SIMILARITY,
  );
}

/**
 * The text screening compares: title and body, as `screenReview` reads them, so callers build
 * the comparison texts of other reviews the same way.
 */
export function comparisonText(review: { title: string; body: string }): string {
  return `${review.title}\n${review.body}`;
}
