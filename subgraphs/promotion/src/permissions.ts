import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';

// Promotions are money: only their own staff role and admins manage them.
const PROMOTION_STAFF = hasRole('promotion_admin', 'admin');

/**
 * Running promotions are public: shops advertise them. Evaluating and reserving promotion uses
 * is the order subgraph's business when it places an order (role `service`; these fields are
 * @inaccessible, absent from the public supergraph). Who used a promotion is for support and
 * admins. Managing promotions (every state, private codes, versions, dry runs, reports) is for
 * promotion_admin and admin. Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Query: {
    evaluatePromotions: hasRole('service'),
    // Internal (@inaccessible): the customer subgraph's workers gather a data export.
    promotionDataOfCustomer: hasRole('service'),
    promotionRedemptions: hasRole('support', 'admin'),
    promotion: PROMOTION_STAFF,
    promotions: PROMOTION_STAFF,
    dryRunPromotion: PROMOTION_STAFF,
    promotionVersions: PROMOTION_STAFF,
    promotionReport: PROMOTION_STAFF,
  },
  Mutation: {
    reservePromotionUses: hasRole('service'),
    releasePromotionUses: hasRole('service'),
    renewPromotionUses: hasRole('service'),
    applyPromotionCodeToCart: hasRole('service'),
    createPromotion: PROMOTION_STAFF,
    updatePromotion: PROMOTION_STAFF,
    pausePromotion: PROMOTION_STAFF,
    resumePromotion: PROMOTION_STAFF,
    endPromotion: PROMOTION_STAFF,
  },
};
