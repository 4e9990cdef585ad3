import type { Decimal } from 'decimal.js';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { type CurrencyCode, isCurrencyCode } from './currency.js';
import { badUserInput } from './errors.js';
import { isUlid } from './ids.js';
import { toDecimal } from './money.js';

/**
 * The one way input is checked at every resolver boundary. Strings are Unicode-normalised
 * (NFC) first, so "é" typed two ways is one value; short fields refuse control characters and
 * markup; free text keeps whatever the person wrote, as plain text, and is escaped where it is
 * rendered. A failure is BAD_USER_INPUT naming the field, thrown before anything changes.
 */

// Controls (Cc) and invisible format characters (Cf: bidi overrides, zero-width spaces, BOM):
// invisible, and used to spoof what a name looks like.
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}]/u;
const BIDI_OVERRIDES = /[\u202a-\u202e\u2066-\u2069]/u;
const MARKUP = /[<>]|&[#a-z0-9]+;/i;

const normalized = z.string().transform((value) => value.normalize('NFC').trim());

/** A name or other short, single-line field shown to people. */
export const shortText = (max: number) =>
  normalized
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`))
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
    .refine((value) => !MARKUP.test(value), 'must not contain markup (<, > or HTML entities)');

/** Multi-line plain text (a review body): newlines and tabs allowed, other controls not. */
export const freeText = (max: number) =>
  z
    .string()
    .transform((value) => value.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`))
    .refine(
      (value) =>
        !CONTROL_CHARACTERS.test(value.replace(/[\n\t]/g, '').replace(/[\u200b-\u200d]/g, '')) &&
        !BIDI_OVERRIDES.test(value),
      'must not contain control characters',
    );

/** E-mail addresses compare case-insensitively: stored lower case. */
export const email = normalized
  .transform((value) => value.toLowerCase())
  .pipe(z.email('must be an e-mail address').max(254, 'must be at most 254 characters'));

/**
 * A phone number in E.164 (+442079460000), or null when it is not a valid one. With a country,
 * a national number is read as dialled there (020 7946 0000 in GB); without, only the
 * international format is understood.
 */
export function toE164(value: string, country?: string): string | null {
  if (value.length > 32) return null;
  const national = country && isSupportedCountry(country) ? country : undefined;
  const parsed = parsePhoneNumberFromString(value, national);
  return parsed?.isValid() ? parsed.number : null;
}

/** Phone numbers in E.164 (+442079460000), from any common way of writing them. */
export const phone = normalized.transform((value, context) => {
  const number = toE164(value);
  if (!number) {
    context.addIssue({
      code: 'custom',
      message: 'must be a valid phone number in international format, e.g. +442079460000',
    });
    return z.NEVER;
  }
  return number;
});

const COUNTRIES = new Set(
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
    ' ',
  ),
);

/** ISO 3166-1 alpha-2, upper case. */
export const countryCode = normalized
  .transform((value) => value.toUpperCase())
  .refine((value) => COUNTRIES.has(value), 'must be an ISO 3166-1 alpha-2 country code, e.g. DE');

/** Decimal(19,4), the money columns: 15 digits before the point, 4 after. */
export const AMOUNT_INTEGER_DIGITS = 15;
export const AMOUNT_DECIMALS = 4;
const AMOUNT_LIMIT = toDecimal(`1e${AMOUNT_INTEGER_DIGITS}`);
// Only plain decimal notation: decimal.js would also accept "1e3", "0x1f", "Infinity" and "NaN".
const DECIMAL_NOTATION = /^-?\d+(\.\d+)?$/;
// Longer input cannot be a valid amount; refusing it early keeps parsing cheap.
const MAX_AMOUNT_LENGTH = 64;

/**
 * An amount of money as a decimal string: exact (decimal.js, never a JS number), non-negative and
 * small enough for a Decimal(19,4) column, judged on the value (so "1.50000" and "007" are fine).
 */
export const decimalAmount = z
  .string()
  .trim()
  .transform((value, context): Decimal => {
    const fail = (message: string) => {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (value.length > MAX_AMOUNT_LENGTH || !DECIMAL_NOTATION.test(value)) {
      return fail('must be a decimal string such as 12.50');
    }
    // "-0" is refused too: a sign on an amount is a mistake whatever follows it.
    if (value.startsWith('-')) return fail('must not be negative');
    const amount = toDecimal(value);
    if (amount.gte(AMOUNT_LIMIT)) return fail(`must have at most ${AMOUNT_INTEGER_DIGITS} digits before the point`);
    if (amount.decimalPlaces() > AMOUNT_DECIMALS) return fail(`must have at most ${AMOUNT_DECIMALS} decimals`);
    return amount;
  });

/** ISO 4217, from the shop's allowlist. */
export const currencyCode = normalized
  .refine(isCurrencyCode, 'must be a supported ISO 4217 currency code, e.g. EUR')
  .transform((value) => value as CurrencyCode);

/** An identifier of this shop's own rows: a ULID (shared/ids.ts). */
export const ulid = z.string().refine(isUlid, 'must be a ULID (26 characters of Crockford base 32)');

/** Passwords are checked for length only (NIST 800-63B), never trimmed or normalised away. */
export const password = z.string().min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');

/**
 * Parses a resolver's input with a schema; the first problem becomes BAD_USER_INPUT whose
 * `field` is the input path (e.g. "input.phone").
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, fieldPrefix = ''): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [fieldPrefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  throw badUserInput(`${field || 'input'} ${issue?.message ?? 'is invalid'}`, field || undefined);
}

export { z };
