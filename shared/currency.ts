import { badUserInput } from './errors.js';

/**
 * ISO 4217 currencies the shop accepts, with their minor units (digits after the point).
 * An allowlist rather than a pattern: a made-up code such as "XXX" is refused at the edge.
 */
const MINOR_UNITS = {
  AUD: 2,
  CAD: 2,
  CHF: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  NOK: 2,
  PLN: 2,
  SEK: 2,
  USD: 2,
} as const satisfies Record<string, number>;

export type CurrencyCode = keyof typeof MINOR_UNITS;

export const SUPPORTED_CURRENCIES = Object.keys(MINOR_UNITS) as CurrencyCode[];

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(MINOR_UNITS, value);
}

/** Validates a currency argument; throws BAD_USER_INPUT naming the field otherwise. */
export function parseCurrency(value: string, field = 'currency'): CurrencyCode {
  if (!isCurrencyCode(value)) {
    throw badUserInput(`${field} must be one of ${SUPPORTED_CURRENCIES.join(', ')}`, field);
  }
  return value;
}

export function minorUnits(currency: CurrencyCode): number {
  return MINOR_UNITS[currency];
}
