import { DateScalar, DateTimeScalar, JSONScalar } from '../../../../shared/scalars.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import { customerPromotionData } from '../data/customer-data.js';
import { listPromotionsWithinDates } from '../data/promotions.js';
import {
  discountBudgetOf,
  discountOf,
  isRunning,
  maxDiscountOf,
  minimumSubtotalOf,
} from '../domain/promotion-rules.js';
import type { Resolvers } from '../generated/graphql.js';
import { managementMutations, managementQueries } from './management.js';
import { redemptionMutations, redemptionQueries } from './redemptions.js';
import { promotionPerformance, reportQueries } from './reports.js';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    activePromotions: async (_parent, _args, { db, now }) =>
      (await listPromotionsWithinDates(db, now)).filter((promotion) => isRunning(promotion, now)),
    ...redemptionQueries,
    ...managementQueries,
    ...reportQueries,
    promotionDataOfCustomer: async (_parent, { customerId }, { db }) =>
      JSON.stringify(await customerPromotionData(db, parseInput(ulid, customerId, 'customerId'))),
  },
  Mutation: { ...redemptionMutations, ...managementMutations },
  PromotionRedemptionConnection: {
    totalCount: (connection) => connection.count(),
  },
  PromotionPerformance: promotionPerformance,
  PromotionConnection: {
    totalCount: (connection) => connection.count(),
  },
  Promotion: {
    __resolveReference: (reference, { loaders }) => loaders.promotionById.load(reference.id),
    discount: (promotion) => discountOf(promotion),
    minimumSubtotal: (promotion) => minimumSubtotalOf(promotion),
    maxDiscount: (promotion) => maxDiscountOf(promotion),
    discountBudget: (promotion) => discountBudgetOf(promotion),
    appliesTo: (promotion) => ({
      productIds: promotion.targetProductIds,
      categoryIds: promotion.targetCategoryIds,
    }),
    paused: (promotion) => promotion.pausedAt !== null,
  },
};
