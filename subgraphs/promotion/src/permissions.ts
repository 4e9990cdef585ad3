import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';

/**
 * Running promotions are public: shops advertise them. Evaluating and reserving promotion uses
 * is the order subgraph's business when it places an order (role `service`; these fields are
 * @inaccessible, absent from the public supergraph). Who used a promotion is for support and
 * admins. Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Query: {
    evaluatePromotions: hasRole('service'),
    // Internal (@inaccessible): the customer subgraph's workers gather a data export.
    promotionDataOfCustomer: hasRole('service'),
    promotionRedemptions: hasRole('support', 'admin'),
  },
  Mutation: {
    reservePromotionUses: hasRole('service'),
    releasePromotionUses: hasRole('service'),
    renewPromotionUses: hasRole('service'),
  },
};
