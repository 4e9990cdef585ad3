import { describe, expect, it } from 'vitest';
import {
  allocateFromFewestWarehouses,
  byLockOrder,
  type WarehouseStock,
} from '../../../subgraphs/warehouse/src/domain/allocation.js';

const BER = 'W1-BER';
const RTM = 'W2-RTM';
const EWR = 'W3-EWR';
const stock = (productId: string, available: Record<string, number>): WarehouseStock[] =>
  Object.entries(available).map(([warehouseId, units]) => ({ warehouseId, productId, available: units }));

describe('the default allocation policy', () => {
  it('serves a line from one warehouse when one has enough, the one with the most available', () => {
    const plan = allocateFromFewestWarehouses([{ productId: 'P1', quantity: 4 }], stock('P1', { [BER]: 5, [RTM]: 9 }));
    expect(plan).toEqual({ kind: 'allocated', allocations: [{ productId: 'P1', warehouseId: RTM, quantity: 4 }] });
  });

  it('prefers one warehouse over splitting even when another holds just enough', () => {
    const plan = allocateFromFewestWarehouses([{ productId: 'P1', quantity: 5 }], stock('P1', { [BER]: 5, [RTM]: 3 }));
    expect(plan).toEqual({ kind: 'allocated', allocations: [{ productId: 'P1', warehouseId: BER, quantity: 5 }] });
  });

  it('breaks ties between equally stocked warehouses by warehouse id, so a plan is repeatable', () => {
    const plan = allocateFromFewestWarehouses([{ productId: 'P1', quantity: 2 }], stock('P1', { [RTM]: 7, [BER]: 7 }));
    expect(plan).toEqual({ kind: 'allocated', allocations: [{ productId: 'P1', warehouseId: BER, quantity: 2 }] });
  });

  it('splits a line no single warehouse can serve, most available first, using as few as needed', () => {
    const plan = allocateFromFewestWarehouses(
      [{ productId: 'P1', quantity: 10 }],
      stock('P1', { [BER]: 3, [RTM]: 6, [EWR]: 5 }),
    );
    expect(plan).toEqual({
      kind: 'allocated',
      allocations: [
        { productId: 'P1', warehouseId: RTM, quantity: 6 },
        { productId: 'P1', warehouseId: EWR, quantity: 4 },
      ],
    });
  });

  it('takes every last unit when the line needs all of them', () => {
    const plan = allocateFromFewestWarehouses(
      [{ productId: 'P1', quantity: 14 }],
      stock('P1', { [BER]: 3, [RTM]: 6, [EWR]: 5 }),
    );
    expect(plan.kind).toBe('allocated');
    if (plan.kind === 'allocated') expect(plan.allocations.reduce((sum, a) => sum + a.quantity, 0)).toBe(14);
  });

  it('ignores warehouses with nothing available (sold out or all reserved)', () => {
    const plan = allocateFromFewestWarehouses(
      [{ productId: 'P1', quantity: 2 }],
      stock('P1', { [BER]: 0, [RTM]: 2, [EWR]: 0 }),
    );
    expect(plan).toEqual({ kind: 'allocated', allocations: [{ productId: 'P1', warehouseId: RTM, quantity: 2 }] });
  });

  it('plans nothing when one line cannot be served, and names every short product in request order', () => {
    const plan = allocateFromFewestWarehouses(
      [
        { productId: 'P3', quantity: 1 },
        { productId: 'P1', quantity: 1 },
        { productId: 'P2', quantity: 9 },
      ],
      [...stock('P1', { [BER]: 4 }), ...stock('P2', { [BER]: 4, [RTM]: 4 })],
    );
    expect(plan).toEqual({ kind: 'short', productIds: ['P3', 'P2'] });
  });

  it('returns allocations in lock order: by product, then warehouse, whatever the request order', () => {
    const plan = allocateFromFewestWarehouses(
      [
        { productId: 'P2', quantity: 8 },
        { productId: 'P1', quantity: 1 },
      ],
      [...stock('P2', { [RTM]: 5, [BER]: 5 }), ...stock('P1', { [EWR]: 2 })],
    );
    expect(plan.kind === 'allocated' && plan.allocations).toEqual([
      { productId: 'P1', warehouseId: EWR, quantity: 1 },
      { productId: 'P2', warehouseId: BER, quantity: 5 },
      { productId: 'P2', warehouseId: RTM, quantity: 3 },
    ]);
  });

  it('never allocates more than a warehouse has available, for any stock and request', () => {
    // A deterministic sweep over many small cases instead of a random property test.
    for (let seed = 1; seed < 400; seed++) {
      const available: Record<string, number> = { [BER]: seed % 7, [RTM]: (seed * 3) % 5, [EWR]: (seed * 7) % 11 };
      const quantity = 1 + (seed % 23);
      const plan = allocateFromFewestWarehouses([{ productId: 'P', quantity }], stock('P', available));
      const total = Object.values(available).reduce((sum, units) => sum + units, 0);
      if (total < quantity) {
        expect(plan).toEqual({ kind: 'short', productIds: ['P'] });
        continue;
      }
      if (plan.kind !== 'allocated') throw new Error(`seed ${seed}: expected a plan`);
      expect(plan.allocations.reduce((sum, a) => sum + a.quantity, 0)).toBe(quantity);
      for (const allocation of plan.allocations) {
        expect(allocation.quantity).toBeGreaterThan(0);
        expect(allocation.quantity).toBeLessThanOrEqual(available[allocation.warehouseId] ?? 0);
      }
      if (Math.max(...Object.values(available)) >= quantity) expect(plan.allocations).toHaveLength(1);
    }
  });
});

describe('lock order', () => {
  it('sorts by product id, then by warehouse id', () => {
    const keys = [
      { productId: 'B', warehouseId: '2' },
      { productId: 'A', warehouseId: '9' },
      { productId: 'B', warehouseId: '1' },
      { productId: 'A', warehouseId: '3' },
    ];
    expect([...keys].sort(byLockOrder)).toEqual([
      { productId: 'A', warehouseId: '3' },
      { productId: 'A', warehouseId: '9' },
      { productId: 'B', warehouseId: '1' },
      { productId: 'B', warehouseId: '2' },
    ]);
  });
});
