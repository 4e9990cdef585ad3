import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';

const PRICING_STAFF = hasRole('pricing_admin', 'admin');

/**
 * Current prices are public, and so is a price version's amount and validity (a customer may
 * see the price their order line was quoted at). Setting prices and overriding them are pricing
 * decisions: only pricing_admin may make them (not even admin, so every price has a pricing
 * owner). Who set a price and why, the history and the exchange rates are for pricing staff and
 * admins. quotePrices is for other services only. Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Query: {
    quotePrices: hasRole('service'),
    bulkPriceJob: hasRole('pricing_admin'),
    exchangeRates: PRICING_STAFF,
  },
  Mutation: {
    setPriceOverride: hasRole('pricing_admin'),
    setPrice: hasRole('pricing_admin'),
    bulkSetPrices: hasRole('pricing_admin'),
  },
  Product: {
    priceOverrides: PRICING_STAFF,
    priceHistory: PRICING_STAFF,
  },
  PriceVersion: {
    author: PRICING_STAFF,
    reason: PRICING_STAFF,
  },
};
