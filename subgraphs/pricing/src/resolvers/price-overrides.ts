import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { parseCurrency } from '../../../../shared/currency.js';
import { badUserInput } from '../../../../shared/errors.js';
import { toMoney } from '../../../../shared/money.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { invalidateCachedPrices } from '../data/price-cache.js';
import { OverrideExpiredBeforeWrite, recordPriceOverride } from '../data/price-overrides.js';
import { priceOverrideInput } from '../domain/price-override.js';
import type { MutationResolvers, PriceOverrideResolvers, ProductResolvers } from '../generated/graphql.js';
import { storedCurrency } from './prices.js';

// Who may call these is decided in permissions.ts (graphql-shield), before any resolver runs.
export const priceOverrideMutations: Pick<MutationResolvers<Context>, 'setPriceOverride'> = {
  setPriceOverride: async (_parent, { input }, context) => {
    const { db, cache, identity, logger, now } = context;
    // Shield already refused anonymous callers; this keeps the author honest if that ever changes.
    if (identity.subject === null) throw unauthenticated();
    const valid = parseInput(priceOverrideInput(now), input, 'input');
    try {
      const override = await recordPriceOverride(db, { ...valid, author: actorOf(identity) });
      // Expiry needs no invalidation: cached candidates carry their windows (data/prices.ts).
      await invalidateCachedPrices(cache, [valid], (error) =>
        logger.error({ err: error }, 'cached price not invalidated after a price override'),
      );
      return override;
    } catch (error) {
      if (error instanceof OverrideExpiredBeforeWrite)
        throw badUserInput('input.expiresAt must be in the future', 'input.expiresAt');
      throw error;
    }
  },
};

export const productOverrideFields: Pick<ProductResolvers<Context>, 'priceOverrides'> = {
  priceOverrides: (product, args, { loaders }) =>
    loaders.overrideHistory.load({ productId: product.id, currency: parseCurrency(args.currency) }),
};

export const priceOverrideFields: PriceOverrideResolvers<Context> = {
  amount: (override) => toMoney(override.amount, storedCurrency(override.currency)),
};
