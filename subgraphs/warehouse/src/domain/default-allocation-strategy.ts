import type { Decimal } from 'decimal.js';
import { toDecimal } from '../../../../shared/money.js';
import { type Allocation, byLockOrder, type RequestedLine } from './allocation.js';
import type { AllocationRequest, AllocationStrategy, StrategyPlan, WarehouseProfile } from './allocation-strategy.js';
import { shippingQuote } from './shipping-zones.js';
import { greatCircleKm } from './warehouse-location.js';

/**
 * How many warehouse subsets the exact search may look at before it settles for a greedy cover.
 * Orders are a handful of lines over a handful of warehouses (3 warehouses: 7 subsets; 12: 4095),
 * so the exact search always runs in practice; the bound keeps a pathological request (many
 * warehouses, every one short) from taking the reservation's time.
 */
export const MAX_SUBSETS_EXAMINED = 50_000;

/** A warehouse that ships to the destination, with what is known of shipping there. */
interface Candidate {
  id: string;
  priority: number;
  /** One shipment's cost to the destination; null when the warehouse has none for it. */
  cost: Decimal | null;
  /** Great-circle distance to the destination; null when either end has no coordinates. */
  distanceKm: number | null;
}

const ZERO = toDecimal('0');

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One warehouse before another: a known cost before none (a price beats a guess), cheaper first;
 * then nearer (known distance before unknown); then lower priority; then id.
 */
function byRank(a: Candidate, b: Candidate): number {
  if ((a.cost === null) !== (b.cost === null)) return a.cost === null ? 1 : -1;
  if (a.cost !== null && b.cost !== null && !a.cost.eq(b.cost)) return a.cost.lt(b.cost) ? -1 : 1;
  if ((a.distanceKm === null) !== (b.distanceKm === null)) return a.distanceKm === null ? 1 : -1;
  if (a.distanceKm !== null && b.distanceKm !== null && a.distanceKm !== b.distanceKm) {
    return a.distanceKm - b.distanceKm;
  }
  if (a.priority !== b.priority) return a.priority - b.priority;
  return compareIds(a.id, b.id);
}

/** What a set of shipments costs, compared in this order (see the strategy's comment). */
interface SubsetScore {
  withoutCost: number;
  cost: Decimal;
  withoutDistance: number;
  distanceKm: number;
  priority: number;
  /** Ids in rank order, the last tie-break. */
  ids: string[];
}

function scoreOf(subset: readonly Candidate[]): SubsetScore {
  let cost = ZERO;
  let distanceKm = 0;
  let withoutCost = 0;
  let withoutDistance = 0;
  let priority = 0;
  for (const warehouse of subset) {
    priority += warehouse.priority;
    if (warehouse.cost !== null) {
      cost = cost.plus(warehouse.cost);
      continue;
    }
    withoutCost += 1;
    if (warehouse.distanceKm === null) withoutDistance += 1;
    else distanceKm += warehouse.distanceKm;
  }
  return { withoutCost, cost, withoutDistance, distanceKm, priority, ids: subset.map((warehouse) => warehouse.id) };
}

function compareScores(a: SubsetScore, b: SubsetScore): number {
  if (a.withoutCost !== b.withoutCost) return a.withoutCost - b.withoutCost;
  if (!a.cost.eq(b.cost)) return a.cost.lt(b.cost) ? -1 : 1;
  if (a.withoutDistance !== b.withoutDistance) return a.withoutDistance - b.withoutDistance;
  if (a.distanceKm !== b.distanceKm) return a.distanceKm - b.distanceKm;
  if (a.priority !== b.priority) return a.priority - b.priority;
  const sortedA = [...a.ids].sort(compareIds);
  const sortedB = [...b.ids].sort(compareIds);
  for (let index = 0; index < sortedA.length; index++) {
    const order = compareIds(sortedA[index] as string, sortedB[index] as string);
    if (order !== 0) return order;
  }
  return 0;
}

/** Units of each product each candidate can give, positive only. */
type Availability = Map<string, Map<string, number>>;

function covers(subset: readonly Candidate[], lines: readonly RequestedLine[], available: Availability): boolean {
  return lines.every((line) => {
    const byWarehouse = available.get(line.productId);
    let units = 0;
    for (const warehouse of subset) units += byWarehouse?.get(warehouse.id) ?? 0;
    return units >= line.quantity;
  });
}

/** Every `size`-subset of `count` items, as index lists in lexicographic order (one array, reused). */
function* combinations(count: number, size: number): Generator<number[]> {
  const indexes = Array.from({ length: size }, (_, index) => index);
  for (;;) {
    yield indexes;
    let position = size - 1;
    while (position >= 0 && indexes[position] === count - size + position) position--;
    if (position < 0) return;
    (indexes[position] as number)++;
    for (let next = position + 1; next < size; next++) indexes[next] = (indexes[next - 1] as number) + 1;
  }
}

/**
 * Beyond the search budget: adds, one at a time, the warehouse that covers the most units still
 * missing (rank breaks ties) until every line is covered. Deterministic and never short when the
 * candidates together suffice, though not proven minimal.
 */
function greedyCover(candidates: readonly Candidate[], lines: readonly RequestedLine[], available: Availability) {
  const chosen: Candidate[] = [];
  const missing = new Map(lines.map((line) => [line.productId, line.quantity]));
  while ([...missing.values()].some((units) => units > 0)) {
    let best: Candidate | null = null;
    let bestUnits = 0;
    for (const candidate of candidates) {
      if (chosen.includes(candidate)) continue;
      let units = 0;
      for (const [productId, wanted] of missing) {
        units += Math.min(wanted, available.get(productId)?.get(candidate.id) ?? 0);
      }
      if (units > bestUnits) {
        best = candidate;
        bestUnits = units;
      }
    }
    if (!best) break;
    chosen.push(best);
    for (const [productId, wanted] of missing) {
      missing.set(productId, wanted - Math.min(wanted, available.get(productId)?.get(best.id) ?? 0));
    }
  }
  return chosen;
}

/** The smallest covering subset, best score among those; null if none (the caller checked totals first). */
function fewestShipments(
  candidates: readonly Candidate[],
  lines: readonly RequestedLine[],
  available: Availability,
): Candidate[] | null {
  let examined = 0;
  for (let size = 1; size <= candidates.length; size++) {
    let best: { subset: Candidate[]; score: SubsetScore } | null = null;
    for (const indexes of combinations(candidates.length, size)) {
      if (++examined > MAX_SUBSETS_EXAMINED) return greedyCover(candidates, lines, available);
      const subset = indexes.map((index) => candidates[index] as Candidate);
      if (!covers(subset, lines, available)) continue;
      const score = scoreOf(subset);
      if (!best || compareScores(score, best.score) < 0) best = { subset, score };
    }
    if (best) return best.subset;
  }
  return null;
}

function candidateOf(warehouse: WarehouseProfile, request: AllocationRequest): Candidate | null {
  const { destination } = request;
  if (!destination) return { id: warehouse.id, priority: warehouse.priority, cost: null, distanceKm: null };
  const quote = shippingQuote(warehouse, destination.country);
  if (!quote.ships) return null;
  const distanceKm =
    warehouse.coordinates && destination.coordinates
      ? greatCircleKm(warehouse.coordinates, destination.coordinates)
      : null;
  return { id: warehouse.id, priority: warehouse.priority, cost: quote.cost, distanceKm };
}

/**
 * The default strategy, in this order of importance:
 * 1. Never a warehouse that does not ship to the destination's country.
 * 2. As few shipments (distinct warehouses) as the stock allows: an exact search over warehouse
 *    subsets in increasing size, so an order one warehouse can serve whole ships whole.
 * 3. Among equally few: the lowest total shipping cost. A shipment whose cost is unknown counts
 *    after every known one (fewer unknown costs first), and those are compared by great-circle
 *    distance where both ends have coordinates.
 * 4. Then the lower sum of warehouse priorities; then warehouse ids, so a plan is repeatable.
 * Inside the chosen warehouses each line takes from the one with the most units first (rank breaks ties).
 */
export const fewestShipmentsStrategy: AllocationStrategy = {
  name: 'fewest-shipments',
  plan(request): StrategyPlan {
    const candidates = [...request.warehouses]
      .sort((a, b) => compareIds(a.id, b.id))
      .map((warehouse) => candidateOf(warehouse, request))
      .filter((candidate): candidate is Candidate => candidate !== null);
    if (request.destination && candidates.length === 0) {
      return { kind: 'unshippable', country: request.destination.country };
    }
    const eligible = new Set(candidates.map((candidate) => candidate.id));
    const wanted = new Set(request.lines.map((line) => line.productId));
    const available: Availability = new Map();
    for (const item of request.stock) {
      if (item.available <= 0 || !eligible.has(item.warehouseId) || !wanted.has(item.productId)) continue;
      const byWarehouse = available.get(item.productId) ?? new Map<string, number>();
      byWarehouse.set(item.warehouseId, (byWarehouse.get(item.warehouseId) ?? 0) + item.available);
      available.set(item.productId, byWarehouse);
    }
    const short = request.lines.filter((line) => {
      let units = 0;
      for (const count of available.get(line.productId)?.values() ?? []) units += count;
      return units < line.quantity;
    });
    if (short.length > 0) return { kind: 'short', productIds: short.map((line) => line.productId) };

    const stocked = candidates
      .filter((candidate) => request.lines.some((line) => available.get(line.productId)?.has(candidate.id)))
      .sort(byRank);
    const chosen = fewestShipments(stocked, request.lines, available);
    if (!chosen) return { kind: 'short', productIds: request.lines.map((line) => line.productId) };
    const allocations: Allocation[] = [];
    for (const line of request.lines) {
      const units = (warehouse: Candidate) => available.get(line.productId)?.get(warehouse.id) ?? 0;
      // Shipments are chosen; which of them gives more units changes no cost, so the deepest stock goes first.
      const deepestFirst = [...chosen].sort((a, b) => units(b) - units(a) || byRank(a, b));
      let missing = line.quantity;
      for (const warehouse of deepestFirst) {
        if (missing === 0) break;
        const taken = Math.min(missing, available.get(line.productId)?.get(warehouse.id) ?? 0);
        if (taken > 0) allocations.push({ productId: line.productId, warehouseId: warehouse.id, quantity: taken });
        missing -= taken;
      }
    }
    return { kind: 'allocated', allocations: allocations.sort(byLockOrder) };
  },
};
