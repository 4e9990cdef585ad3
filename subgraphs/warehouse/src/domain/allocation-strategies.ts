import { allocateFromFewestWarehouses } from './allocation.js';
import type { AllocationStrategy } from './allocation-strategy.js';
import { fewestShipmentsStrategy } from './default-allocation-strategy.js';
import { shippingQuote } from './shipping-zones.js';

/**
 * Fullest warehouse first, line by line, among those that ship to the destination: draws the
 * deepest stock down first and ignores shipping cost. The policy the shop used before
 * destinations were known; kept for shops that balance stock levels over parcel counts.
 */
export const fullestFirstStrategy: AllocationStrategy = {
  name: 'fullest-first',
  plan({ lines, destination, warehouses, stock }) {
    const eligible = new Set(
      warehouses
        .filter((warehouse) => !destination || shippingQuote(warehouse, destination.country).ships)
        .map((warehouse) => warehouse.id),
    );
    if (destination && eligible.size === 0) return { kind: 'unshippable', country: destination.country };
    return allocateFromFewestWarehouses(
      lines,
      stock.filter((item) => eligible.has(item.warehouseId)),
    );
  },
};

/**
 * The strategies WAREHOUSE_ALLOCATION_STRATEGY may name. A shop with its own rules implements
 * AllocationStrategy (allocation-strategy.ts) and adds it here under a name of its choosing.
 */
export const ALLOCATION_STRATEGIES = {
  [fewestShipmentsStrategy.name]: fewestShipmentsStrategy,
  [fullestFirstStrategy.name]: fullestFirstStrategy,
} as const satisfies Record<string, AllocationStrategy>;

export const DEFAULT_ALLOCATION_STRATEGY = fewestShipmentsStrategy.name;
