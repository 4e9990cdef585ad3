import { Decimal } from 'decimal.js';
import { GraphQLError } from 'graphql';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { ErrorCode } from '../../../../shared/errors.js';
import { type DecimalLike, toDecimal, toMoney } from '../../../../shared/money.js';

/** Enough digits for any stored amount times any stored rate, so products are never rounded. */
const ExactProduct = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_EVEN });

/** Prices are converted from this currency: the ECB publishes every rate against it. */
export const CONVERSION_BASE: CurrencyCode = 'EUR';

/** A stored rate: 1 `base` = `rate` `quote`, for the day `publishedOn`, read from its source at `fetchedAt`. */
export interface RateReading {
  base: string;
  quote: string;
  rate: DecimalLike;
  /** The day the rate is for, YYYY-MM-DD. */
  publishedOn: string;
  fetchedAt: Date;
}

/** What a converted price carries so a storefront can say "converted from EUR at …". */
export interface PriceConversion {
  from: CurrencyCode;
  /** 1 `from` = `rate` in the price's currency, as a decimal string. */
  rate: string;
  publishedOn: string;
}

/** A price converted to another currency, with the conversion that made it. */
export interface ConvertedPrice {
  amount: string;
  conversion: PriceConversion;
}

/** Whether a rate may still be used at `now`: read from its provider less than `maxAgeSeconds` ago. */
export function isRateFresh(reading: Pick<RateReading, 'fetchedAt'>, now: Date, maxAgeSeconds: number): boolean {
  const ageMs = now.getTime() - reading.fetchedAt.getTime();
  return ageMs < maxAgeSeconds * 1000;
}

/** STALE_EXCHANGE_RATE: the rate is too old, or there is none; says which and since when. */
export function staleExchangeRate(
  base: string,
  quote: string,
  reading: Pick<RateReading, 'fetchedAt'> | null,
  maxAgeSeconds: number,
): GraphQLError {
  const message = reading
    ? `The ${base}/${quote} exchange rate was last read at ${reading.fetchedAt.toISOString()}, longer ago than ${maxAgeSeconds} seconds: prices cannot be converted to ${quote} until it is refreshed`
    : `There is no ${base}/${quote} exchange rate: prices cannot be converted to ${quote}`;
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.STALE_EXCHANGE_RATE,
      base,
      quote,
      fetchedAt: reading?.fetchedAt.toISOString() ?? null,
      maxAgeSeconds,
    },
  });
}

/**
 * `amount` (in the rate's base currency) in `currency`, at the currency's minor units, rounded
 * half to even. Refuses a rate that is missing, for another pair, or older than the maximum age:
 * a converted price is only as good as its rate, and a silently stale one is a wrong price.
 */
export function convertPrice(
  amount: DecimalLike,
  currency: CurrencyCode,
  reading: RateReading | null,
  now: Date,
  maxAgeSeconds: number,
): ConvertedPrice {
  if (!reading || reading.base !== CONVERSION_BASE || reading.quote !== currency) {
    throw staleExchangeRate(CONVERSION_BASE, currency, null, maxAgeSeconds);
  }
  if (!isRateFresh(reading, now, maxAgeSeconds)) {
    throw staleExchangeRate(CONVERSION_BASE, currency, reading, maxAgeSeconds);
  }
  // Exact: a Decimal(19,4) amount times a Decimal(24,10) rate has at most 43 significant digits,
  // within ExactProduct's precision, so the only rounding is the final one to minor units.
  const converted = new ExactProduct(toDecimal(amount).toFixed()).times(toDecimal(reading.rate).toFixed());
  return {
    amount: toMoney(converted.toFixed(), currency).amount,
    conversion: { from: CONVERSION_BASE, rate: toDecimal(reading.rate).toFixed(), publishedOn: reading.publishedOn },
  };
}

/** The amount as a quote states it: at the currency's minor units, as Product.price shows it. */
export function quotedAmount(amount: DecimalLike, currency: CurrencyCode): string {
  return toMoney(amount, currency).amount;
}
