import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { toMoney } from '../../../../shared/money.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { invalidateCachedPrices } from '../data/price-cache.js';
import { recordPrice, type VersionRow } from '../data/price-versions.js';
import { priceChangeInput } from '../domain/price-change.js';
import { historyOrder, listVersionView, overrideVersionView, type PriceVersionView } from '../domain/price-version.js';
import type { MutationResolvers, PriceVersionResolvers, ProductResolvers } from '../generated/graphql.js';

/** Currencies were validated on the way in; a stored one outside the allowlist is a bug worth failing loudly. */
export const storedCurrency = (code: string): CurrencyCode => parseCurrency(code);

export function versionView(row: VersionRow): PriceVersionView {
  const currency = storedCurrency(row.currency);
  return row.kind === 'LIST' ? listVersionView(row, currency) : overrideVersionView(row, currency);
}

export const productPriceFields: Pick<ProductResolvers<Context>, 'price' | 'priceConversion' | 'priceHistory'> = {
  // The same quote a cart gets (data/price-quotes.ts): a stale rate fails this field alone.
  price: async (product, args, { loaders }) => {
    const currency = parseCurrency(args.currency);
    const quote = await loaders.priceQuotes.load({ productId: product.id, currency });
    return quote ? toMoney(quote.unitPrice, currency) : null;
  },
  priceConversion: async (product, args, { loaders }) => {
    const currency = parseCurrency(args.currency);
    return (await loaders.priceQuotes.load({ productId: product.id, currency }))?.conversion ?? null;
  },
  priceHistory: async (product, args, { loaders }) => {
    const currency = parseCurrency(args.currency);
    const rows = await loaders.priceHistory.load({ productId: product.id, currency });
    return rows.map(versionView).sort(historyOrder);
  },
};

// Who may call these is decided in permissions.ts (graphql-shield), before any resolver runs.
export const priceMutations: Pick<MutationResolvers<Context>, 'setPrice'> = {
  setPrice: async (_parent, { input }, context) => {
    // Shield already refused anonymous callers; this keeps the author honest if that ever changes.
    if (context.identity.subject === null) throw unauthenticated();
    const change = parseInput(priceChangeInput, input, 'input');
    const created = await recordPrice(context.db, { ...change, author: actorOf(context.identity) });
    await invalidateCachedPrices(context.cache, [change], (error) =>
      context.logger.error({ err: error }, 'cached price not invalidated after a price change'),
    );
    return listVersionView(created, change.currency);
  },
};

export const priceVersionFields: PriceVersionResolvers<Context> = {
  __resolveReference: async (reference, { loaders }) => {
    const row = await loaders.priceVersion.load(reference.id);
    return row ? versionView(row) : null;
  },
};
