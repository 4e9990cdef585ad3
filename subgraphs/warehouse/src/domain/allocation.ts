/** Units of one product that one warehouse could set aside now (on hand minus reserved). */
export interface WarehouseStock {
  warehouseId: string;
  productId: string;
  available: number;
}

export interface RequestedLine {
  productId: string;
  quantity: number;
}

/** Units of one product taken from one warehouse. */
export interface Allocation {
  productId: string;
  warehouseId: string;
  quantity: number;
}

export type AllocationPlan =
  | { kind: 'allocated'; allocations: Allocation[] }
  /** Not every line can be served; `productIds` are the short ones, in request order. */
  | { kind: 'short'; productIds: string[] };

/** Decides which warehouses serve an order's lines, from the stock each one has available. */
export type AllocationPolicy = (lines: readonly RequestedLine[], stock: readonly WarehouseStock[]) => AllocationPlan;

/**
 * The order in which stock rows are locked and changed: by product, then by warehouse. Every
 * writer touching several rows follows it, so two transactions never wait on each other in a
 * circle (no deadlocks between concurrent reservations, commits and releases).
 */
export function byLockOrder<T extends { productId: string; warehouseId: string }>(a: T, b: T): number {
  if (a.productId !== b.productId) return a.productId < b.productId ? -1 : 1;
  if (a.warehouseId !== b.warehouseId) return a.warehouseId < b.warehouseId ? -1 : 1;
  return 0;
}

/** Most available first; equal stock goes by warehouse id, so the same stock always gives the same plan. */
function mostAvailableFirst(a: WarehouseStock, b: WarehouseStock): number {
  if (a.available !== b.available) return b.available - a.available;
  return a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0;
}

/**
 * The default policy: a line takes from warehouses most available first, so it ships from one
 * warehouse whenever one has enough (one parcel, and the deepest stock is drawn down first) and
 * otherwise is split across as few warehouses as possible. A line that all warehouses together
 * cannot serve makes the whole plan short: an order is reserved in full or not at all. The
 * allocations come back in lock order (byLockOrder).
 */
export const allocateFromFewestWarehouses: AllocationPolicy = (lines, stock) => {
  const allocations: Allocation[] = [];
  const shortProductIds: string[] = [];
  for (const line of lines) {
    const candidates = stock
      .filter((item) => item.productId === line.productId && item.available > 0)
      .sort(mostAvailableFirst);
    let missing = line.quantity;
    const split: Allocation[] = [];
    for (const item of candidates) {
      if (missing === 0) break;
      const taken = Math.min(item.available, missing);
      split.push({ productId: line.productId, warehouseId: item.warehouseId, quantity: taken });
      missing -= taken;
    }
    if (missing > 0) shortProductIds.push(line.productId);
    else allocations.push(...split);
  }
  if (shortProductIds.length > 0) return { kind: 'short', productIds: shortProductIds };
  return { kind: 'allocated', allocations: allocations.sort(byLockOrder) };
};
