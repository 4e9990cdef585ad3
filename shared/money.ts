import { Decimal } from 'decimal.js';
import { type CurrencyCode, minorUnits } from './currency.js';

/**
 * Money never passes through a JS number. Amounts are decimal.js values in code, Prisma
 * Decimal(19,4) in the database and decimal strings in GraphQL.
 */
export const MoneyDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type MoneyDecimal = Decimal;

export interface Money {
  amount: string;
  currency: CurrencyCode;
}

/** Anything with an exact decimal string form: decimal.js, Prisma.Decimal, or a string. */
export type DecimalLike = { toString(): string } | string;

export function toDecimal(value: DecimalLike): Decimal {
  return new MoneyDecimal(typeof value === 'string' ? value : value.toString());
}

/** Rounds to the currency's minor units, half to even: the amount charged for a line. */
export function toMinorUnits(amount: DecimalLike, currency: CurrencyCode): Decimal {
  return toDecimal(amount).toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_EVEN);
}

/**
 * Formats an amount at the currency's minor units, rounding half to even (banker's rounding)
 * so that rounding many amounts introduces no systematic bias.
 */
export function toMoney(amount: DecimalLike, currency: CurrencyCode): Money {
  return {
    amount: toDecimal(amount).toFixed(minorUnits(currency), Decimal.ROUND_HALF_EVEN),
    currency,
  };
}
