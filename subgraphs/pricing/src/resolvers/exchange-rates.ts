import { toDecimal } from '../../../../shared/money.js';
import type { Context } from '../context.js';
import { allExchangeRates } from '../data/exchange-rates.js';
import { isRateFresh } from '../domain/currency-conversion.js';
import type { QueryResolvers } from '../generated/graphql.js';

export const exchangeRateQueries: Pick<QueryResolvers<Context>, 'exchangeRates'> = {
  exchangeRates: async (_parent, _args, { db, now, settings }) =>
    (await allExchangeRates(db)).map((row) => ({
      base: row.base,
      quote: row.quote,
      rate: toDecimal(row.rate).toFixed(),
      source: row.source,
      publishedOn: row.publishedOn.toISOString().slice(0, 10),
      fetchedAt: row.fetchedAt,
      stale: !isRateFresh(row, now, settings.exchangeRates.maxAgeSeconds),
    })),
};
