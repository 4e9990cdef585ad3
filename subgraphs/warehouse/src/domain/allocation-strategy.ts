import type { Allocation, RequestedLine, WarehouseStock } from './allocation.js';
import type { ShippingProfile } from './shipping-zones.js';
import type { Coordinates } from './warehouse-location.js';

/**
 * Where an order ships to. The country decides which warehouses may serve it; region, postal
 * code and coordinates are passed on for strategies that can use them (the default measures
 * distance from the coordinates when a warehouse has no cost for the destination).
 */
export interface Destination {
  country: string;
  region: string | null;
  postalCode: string | null;
  coordinates: Coordinates | null;
}

/** What a strategy knows of a warehouse: where it is, where it ships and at what cost, its rank. */
export interface WarehouseProfile extends ShippingProfile {
  id: string;
  country: string;
  coordinates: Coordinates | null;
  /** Lower ships first when everything else ties. */
  priority: number;
}

export interface AllocationRequest {
  lines: readonly RequestedLine[];
  /** Null: the caller gave none (a reservation made before destinations existed); every warehouse may ship. */
  destination: Destination | null;
  warehouses: readonly WarehouseProfile[];
  /** What each warehouse can set aside now, per product (a snapshot; rows may be missing for no stock). */
  stock: readonly WarehouseStock[];
}

export type StrategyPlan =
  | { kind: 'allocated'; allocations: Allocation[] }
  /** Not every line can be served from the warehouses that ship there; `productIds` in request order. */
  | { kind: 'short'; productIds: string[] }
  /** No warehouse at all ships to the destination's country. */
  | { kind: 'unshippable'; country: string };

/**
 * Decides which warehouses send which units of an order. Implementations are pure: the same
 * request (in any order of its lists) gives the same plan, no allocation exceeds a warehouse's
 * available units, a warehouse that does not ship to the destination is never used, and
 * allocations come back in lock order (allocation.ts byLockOrder). Choose one with
 * WAREHOUSE_ALLOCATION_STRATEGY (allocation-strategies.ts names them).
 */
export interface AllocationStrategy {
  readonly name: string;
  plan(request: AllocationRequest): StrategyPlan;
}
