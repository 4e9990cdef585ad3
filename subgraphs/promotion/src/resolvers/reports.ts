import type { CurrencyCode } from '../../../../shared/currency.js';
import { toDecimal, toMoney } from '../../../../shared/money.js';
import { parseInput, z } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { discountGrantedInAll, readOrderValueDays, readPromotionDays } from '../data/promotion-analytics.js';
import { entityId } from '../domain/promotion-input.js';
import { performances, reportRange } from '../domain/promotion-report.js';
import type { PromotionPerformanceResolvers, QueryResolvers } from '../generated/graphql.js';

const reportArgs = z.object({ promotionId: entityId.nullish().transform((value) => value ?? null) });

// Who may read reports is decided in permissions.ts (graphql-shield), before any resolver runs.
export const reportQueries: Pick<QueryResolvers<Context>, 'promotionReport'> = {
  promotionReport: async (_parent, args, { db }) => {
    const { promotionId } = parseInput(reportArgs, { promotionId: args.promotionId });
    const { from, to } = parseInput(reportRange, { from: args.from, to: args.to });
    const [days, orderValues] = await Promise.all([
      readPromotionDays(db, { promotionId, from, to }),
      readOrderValueDays(db, { from, to }),
    ]);
    return performances(days, orderValues);
  },
};

export const promotionPerformance: PromotionPerformanceResolvers<Context> = {
  promotion: async (performance, _args, { loaders }) => {
    const promotion = await loaders.promotionById.load(performance.promotionId);
    if (!promotion) throw new Error(`promotion ${performance.promotionId} of the report is missing`);
    return promotion;
  },
  remainingUses: async (performance, _args, { loaders }) => {
    const promotion = await loaders.promotionById.load(performance.promotionId);
    if (!promotion || promotion.usageLimit === null) return null;
    return Math.max(0, promotion.usageLimit - promotion.timesUsed);
  },
  remainingDiscountBudget: async (performance, _args, { db, loaders }) => {
    const promotion = await loaders.promotionById.load(performance.promotionId);
    if (!promotion || promotion.discountBudget === null || promotion.currency !== performance.currency) return null;
    const granted = await discountGrantedInAll(db, promotion.id, promotion.currency);
    // Not enforced at checkout: a budget overrun shows as a negative amount left.
    return toMoney(toDecimal(promotion.discountBudget).minus(toDecimal(granted)), promotion.currency as CurrencyCode);
  },
};
