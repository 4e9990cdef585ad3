import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';

/**
 * Current prices are public. Overriding a price is a pricing decision: only pricing_admin may
 * make it (not even admin, so every override has a pricing owner). The audit trail of
 * overrides is for pricing staff and admins. Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Mutation: {
    setPriceOverride: hasRole('pricing_admin'),
  },
  Product: {
    priceOverrides: hasRole('pricing_admin', 'admin'),
  },
};
