import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecimal } from '../../../shared/money.js';
import type { RequestedLine, WarehouseStock } from '../../../subgraphs/warehouse/src/domain/allocation.js';
import { fullestFirstStrategy } from '../../../subgraphs/warehouse/src/domain/allocation-strategies.js';
import type {
  AllocationRequest,
  Destination,
  WarehouseProfile,
} from '../../../subgraphs/warehouse/src/domain/allocation-strategy.js';
import { fewestShipmentsStrategy } from '../../../subgraphs/warehouse/src/domain/default-allocation-strategy.js';

const plan = (request: AllocationRequest) => fewestShipmentsStrategy.plan(request);

const to = (country: string, coordinates: Destination['coordinates'] = null): Destination => ({
  country,
  region: null,
  postalCode: null,
  coordinates,
});

function warehouse(id: string, changes: Partial<WarehouseProfile> = {}): WarehouseProfile {
  return { id, country: 'DE', coordinates: null, priority: 0, shipsOutsideZones: true, zones: [], ...changes };
}

const zone = (countries: string[], cost: string | null) => ({
  code: countries.join('-'),
  name: countries.join(', '),
  countries,
  cost: cost === null ? null : toDecimal(cost),
});

const stock = (productId: string, available: Record<string, number>): WarehouseStock[] =>
  Object.entries(available).map(([warehouseId, units]) => ({ warehouseId, productId, available: units }));

const warehousesUsed = (result: ReturnType<typeof plan>) =>
  result.kind === 'allocated' ? [...new Set(result.allocations.map((a) => a.warehouseId))].sort() : [];

describe('the default allocation strategy (fewest shipments, then cost, then priority)', () => {
  it('ships a whole order from one warehouse when one can, even if others are cheaper for part of it', () => {
    const result = plan({
      lines: [
        { productId: 'P1', quantity: 2 },
        { productId: 'P2', quantity: 1 },
      ],
      destination: to('FR'),
      warehouses: [
        warehouse('W1', { zones: [zone(['FR'], '3.00')] }),
        warehouse('W2', { zones: [zone(['FR'], '9.00')] }),
      ],
      stock: [...stock('P1', { W1: 5, W2: 5 }), ...stock('P2', { W2: 1 })],
    });
    expect(warehousesUsed(result)).toEqual(['W2']);
  });

  it('splits only when no single warehouse can serve the order, over the cheapest pair', () => {
    const result = plan({
      lines: [{ productId: 'P1', quantity: 6 }],
      destination: to('FR'),
      warehouses: [
        warehouse('W1', { zones: [zone(['FR'], '5.00')] }),
        warehouse('W2', { zones: [zone(['FR'], '4.00')] }),
        warehouse('W3', { zones: [zone(['FR'], '2.00')] }),
      ],
      stock: stock('P1', { W1: 4, W2: 4, W3: 4 }),
    });
    expect(result).toEqual({
      kind: 'allocated',
      allocations: [
        { productId: 'P1', warehouseId: 'W2', quantity: 2 },
        { productId: 'P1', warehouseId: 'W3', quantity: 4 },
      ],
    });
  });

  it('on equal cost takes the lower priority, and on equal priority the lower warehouse id', () => {
    const zones = [zone(['FR'], '4.00')];
    const lines = [{ productId: 'P1', quantity: 1 }];
    const byPriority = plan({
      lines,
      destination: to('FR'),
      warehouses: [warehouse('W1', { zones, priority: 5 }), warehouse('W2', { zones, priority: 1 })],
      stock: stock('P1', { W1: 3, W2: 3 }),
    });
    expect(warehousesUsed(byPriority)).toEqual(['W2']);
    const byId = plan({
      lines,
      destination: to('FR'),
      warehouses: [warehouse('W2', { zones }), warehouse('W1', { zones })],
      stock: stock('P1', { W2: 3, W1: 3 }),
    });
    expect(warehousesUsed(byId)).toEqual(['W1']);
  });

  it('never uses a warehouse that does not ship to the country, and says so when none does', () => {
    const warehouses = [
      warehouse('W1', { shipsOutsideZones: false, zones: [zone(['DE', 'AT'], '3.00')] }),
      warehouse('W2', { shipsOutsideZones: false, zones: [zone(['US'], null)] }),
    ];
    const lines = [{ productId: 'P1', quantity: 2 }];
    expect(plan({ lines, destination: to('JP'), warehouses, stock: stock('P1', { W1: 9, W2: 9 }) })).toEqual({
      kind: 'unshippable',
      country: 'JP',
    });
    expect(plan({ lines, destination: to('US'), warehouses, stock: stock('P1', { W1: 9, W2: 1 }) })).toEqual({
      kind: 'short',
      productIds: ['P1'],
    });
  });

  it('prefers a known cost to an unknown one, and ranks unknown costs by great-circle distance', () => {
    const paris = { latitude: 48.8566, longitude: 2.3522 };
    const warehouses = [
      warehouse('BER', { coordinates: { latitude: 52.52, longitude: 13.405 } }),
      warehouse('MAD', { coordinates: { latitude: 40.4168, longitude: -3.7038 } }),
      warehouse('LIL', { coordinates: { latitude: 50.6292, longitude: 3.0573 } }),
    ];
    const lines = [{ productId: 'P1', quantity: 1 }];
    const available = stock('P1', { BER: 2, MAD: 2, LIL: 2 });
    expect(warehousesUsed(plan({ lines, destination: to('FR', paris), warehouses, stock: available }))).toEqual([
      'LIL',
    ]);
    const withCost = warehouses.map((w) => (w.id === 'MAD' ? { ...w, zones: [zone(['FR'], '20.00')] } : w));
    expect(
      warehousesUsed(plan({ lines, destination: to('FR', paris), warehouses: withCost, stock: available })),
    ).toEqual(['MAD']);
  });

  it('names every short product in request order', () => {
    const result = plan({
      lines: [
        { productId: 'P3', quantity: 1 },
        { productId: 'P1', quantity: 1 },
        { productId: 'P2', quantity: 9 },
      ],
      destination: null,
      warehouses: [warehouse('W1'), warehouse('W2')],
      stock: [...stock('P1', { W1: 4 }), ...stock('P2', { W1: 4, W2: 4 })],
    });
    expect(result).toEqual({ kind: 'short', productIds: ['P3', 'P2'] });
  });

  it('the fullest-first strategy keeps to warehouses that ship to the destination too', () => {
    const result = fullestFirstStrategy.plan({
      lines: [{ productId: 'P1', quantity: 2 }],
      destination: to('FR'),
      warehouses: [warehouse('W1', { shipsOutsideZones: false, zones: [zone(['DE'], null)] }), warehouse('W2')],
      stock: stock('P1', { W1: 50, W2: 3 }),
    });
    expect(warehousesUsed(result)).toEqual(['W2']);
  });
});

// Small shops: up to 5 warehouses, 4 products, some not shipping to FR, some with costs.
const COUNTRIES = ['FR', 'DE'] as const;
const requestArbitrary = fc
  .record({
    warehouses: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom('W1', 'W2', 'W3', 'W4', 'W5'),
        priority: fc.integer({ min: 0, max: 3 }),
        shipsOutsideZones: fc.boolean(),
        zoneCountries: fc.subarray([...COUNTRIES]),
        cost: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
        coordinates: fc.option(
          fc.record({ latitude: fc.integer({ min: -60, max: 60 }), longitude: fc.integer({ min: -150, max: 150 }) }),
          { nil: null },
        ),
      }),
      { minLength: 1, maxLength: 5, selector: (w) => w.id },
    ),
    lines: fc.uniqueArray(
      fc.record({ productId: fc.constantFrom('P1', 'P2', 'P3', 'P4'), quantity: fc.integer({ min: 1, max: 8 }) }),
      { minLength: 1, maxLength: 4, selector: (line) => line.productId },
    ),
    available: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 20, maxLength: 20 }),
    country: fc.constantFrom(...COUNTRIES, 'JP'),
    withCoordinates: fc.boolean(),
  })
  .map(
    ({ warehouses, lines, available, country, withCoordinates }): AllocationRequest => ({
      lines,
      destination: to(country, withCoordinates ? { latitude: 48, longitude: 2 } : null),
      warehouses: warehouses.map((w) =>
        warehouse(w.id, {
          priority: w.priority,
          shipsOutsideZones: w.shipsOutsideZones,
          coordinates: w.coordinates,
          zones: w.zoneCountries.length > 0 ? [zone(w.zoneCountries, w.cost === null ? null : `${w.cost}.50`)] : [],
        }),
      ),
      stock: warehouses.flatMap((w, index) =>
        ['P1', 'P2', 'P3', 'P4'].map((productId, product) => ({
          warehouseId: w.id,
          productId,
          available: available[index * 4 + product] as number,
        })),
      ),
    }),
  );

function shipsTo(profile: WarehouseProfile, country: string): boolean {
  return profile.zones.some((z) => z.countries.includes(country)) || profile.shipsOutsideZones;
}

/** The fewest warehouses able to serve every line, by trying every subset: the reference answer. */
function bruteForceMinimum(request: AllocationRequest): number | null {
  const usable = request.warehouses.filter((w) => !request.destination || shipsTo(w, request.destination.country));
  let best: number | null = null;
  for (let mask = 1; mask < 1 << usable.length; mask++) {
    const chosen = usable.filter((_, index) => mask & (1 << index)).map((w) => w.id);
    const serves = request.lines.every(
      (line: RequestedLine) =>
        request.stock
          .filter((item) => item.productId === line.productId && chosen.includes(item.warehouseId))
          .reduce((sum, item) => sum + Math.max(0, item.available), 0) >= line.quantity,
    );
    if (serves && (best === null || chosen.length < best)) best = chosen.length;
  }
  return best;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

describe('the default allocation strategy, over generated shops and orders', () => {
  it('never takes more than a warehouse has available, serves each line exactly, and only from warehouses shipping there', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const result = plan(request);
        if (result.kind !== 'allocated') return;
        for (const allocation of result.allocations) {
          const row = request.stock.find(
            (item) => item.warehouseId === allocation.warehouseId && item.productId === allocation.productId,
          );
          expect(allocation.quantity).toBeGreaterThan(0);
          expect(allocation.quantity).toBeLessThanOrEqual(row?.available ?? 0);
          const profile = request.warehouses.find((w) => w.id === allocation.warehouseId) as WarehouseProfile;
          if (request.destination) expect(shipsTo(profile, request.destination.country)).toBe(true);
        }
        for (const line of request.lines) {
          const served = result.allocations
            .filter((allocation) => allocation.productId === line.productId)
            .reduce((sum, allocation) => sum + allocation.quantity, 0);
          expect(served).toBe(line.quantity);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('uses exactly as many warehouses as the fewest that can serve the order, and plans only when some can', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const result = plan(request);
        const minimum = bruteForceMinimum(request);
        if (minimum === null) expect(result.kind).not.toBe('allocated');
        else expect(warehousesUsed(result)).toHaveLength(minimum);
      }),
      { numRuns: 500 },
    );
  });

  it('ships from one warehouse whenever one can serve the whole order', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const canServeAlone = request.warehouses.some(
          (w) =>
            (!request.destination || shipsTo(w, request.destination.country)) &&
            request.lines.every(
              (line) =>
                (request.stock.find((item) => item.warehouseId === w.id && item.productId === line.productId)
                  ?.available ?? 0) >= line.quantity,
            ),
        );
        fc.pre(canServeAlone);
        expect(warehousesUsed(plan(request))).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same plan for the same input, whatever the order of its lists', () => {
    fc.assert(
      fc.property(requestArbitrary, fc.integer({ min: 1, max: 1_000_000 }), (request, seed) => {
        const again = plan({
          ...request,
          lines: shuffled(request.lines, seed),
          warehouses: shuffled(request.warehouses, seed + 1),
          stock: shuffled(request.stock, seed + 2),
        });
        // Short products are named in request order, so only their set is the same.
        const unordered = (result: ReturnType<typeof plan>) =>
          result.kind === 'short' ? { ...result, productIds: [...result.productIds].sort() } : result;
        expect(unordered(again)).toEqual(unordered(plan(request)));
      }),
      { numRuns: 500 },
    );
  });
});
