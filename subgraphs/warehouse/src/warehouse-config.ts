import { z } from 'zod';
import { readSettings } from '../../../shared/config.js';
import { type CurrencyCode, isCurrencyCode } from '../../../shared/currency.js';
import { ALLOCATION_STRATEGIES, DEFAULT_ALLOCATION_STRATEGY } from './domain/allocation-strategies.js';
import type { AllocationStrategy } from './domain/allocation-strategy.js';

/** The warehouse subgraph's own settings, on top of every subgraph's (shared/config.ts). */
export interface WarehouseSettings {
  /**
   * Decides which warehouses serve an order (WAREHOUSE_ALLOCATION_STRATEGY).
   * @defaultValue fewest-shipments
   */
  allocationStrategy: AllocationStrategy;
  /**
   * How many times a reservation is planned from a fresh snapshot after a warehouse's stock ran
   * out under it, before the order is refused OUT_OF_STOCK (WAREHOUSE_RESERVATION_ATTEMPTS).
   * @defaultValue 3
   */
  reservationAttempts: number;
  /**
   * The currency shipping zones' costs are in, one for every warehouse so that costs compare
   * (WAREHOUSE_SHIPPING_COST_CURRENCY).
   * @defaultValue EUR
   */
  shippingCostCurrency: CurrencyCode;
}

export const DEFAULT_RESERVATION_ATTEMPTS = 3;

const STRATEGIES_BY_NAME = new Map<string, AllocationStrategy>(Object.entries(ALLOCATION_STRATEGIES));
const strategyNames = [...STRATEGIES_BY_NAME.keys()] as [string, ...string[]];

export function loadWarehouseSettings(env: Record<string, string | undefined> = process.env): WarehouseSettings {
  const settings = readSettings(env, {
    WAREHOUSE_ALLOCATION_STRATEGY: z
      .enum(strategyNames, { error: `must be one of ${strategyNames.join(', ')}` })
      .default(DEFAULT_ALLOCATION_STRATEGY),
    WAREHOUSE_RESERVATION_ATTEMPTS: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(10, 'must be at most 10')
      .default(DEFAULT_RESERVATION_ATTEMPTS),
    WAREHOUSE_SHIPPING_COST_CURRENCY: z
      .string()
      .refine(isCurrencyCode, 'must be one of the shop’s currencies, e.g. EUR')
      .default('EUR'),
  });
  return {
    allocationStrategy: STRATEGIES_BY_NAME.get(settings.WAREHOUSE_ALLOCATION_STRATEGY) as AllocationStrategy,
    reservationAttempts: settings.WAREHOUSE_RESERVATION_ATTEMPTS,
    shippingCostCurrency: settings.WAREHOUSE_SHIPPING_COST_CURRENCY as CurrencyCode,
  };
}
