import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { isoTimestamp } from '../../support/entities.js';
import {
  ADJUST,
  ADMIN,
  CUSTOMER,
  codes,
  movementsOf,
  ORDER_SERVICE,
  reserve,
  STOCK_LEVELS,
  SUPPORT,
  stockedProduct,
  stockOf,
  WAREHOUSE_ADMIN,
  warehouseCall,
  warehouses,
} from '../warehouse-reservations/stock.js';

interface StockLevel {
  warehouse: { id: string; code: string };
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
  updatedAt: string;
}

async function adjust(caller: typeof ADMIN | null, input: Record<string, unknown>) {
  return warehouseCall<{ adjustStock: StockLevel }>(caller, ADJUST, { input });
}

describe('adjustStock', () => {
  it('receives goods into a warehouse, creating the stock row on a first delivery', async () => {
    const ids = await warehouses();
    const product = newId();

    const response = await adjust(WAREHOUSE_ADMIN, {
      warehouseId: ids['EWR-1'],
      productId: product,
      delta: 40,
      reason: 'First delivery, note 7781',
    });

    expect(response.errors).toBeUndefined();
    expect(response.data?.adjustStock).toEqual({
      warehouse: { id: ids['EWR-1'], code: 'EWR-1' },
      productId: product,
      onHand: 40,
      reserved: 0,
      available: 40,
      updatedAt: isoTimestamp,
    });
    expect(await stockOf(product)).toMatchObject([{ code: 'EWR-1', onHand: 40, reserved: 0 }]);
  });

  it('writes off units nobody has reserved, and refuses to touch reserved ones with CONFLICT', async () => {
    const ids = await warehouses();
    const product = await stockedProduct({ 'BER-1': 10 });
    await reserve([{ productId: product, quantity: 6 }]);
    const input = { warehouseId: ids['BER-1'], productId: product, reason: 'Damaged in storage' };

    const tooMuch = await adjust(ADMIN, { ...input, delta: -5 });
    expect(codes(tooMuch)).toEqual(['CONFLICT']);
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({ onHand: 10, reserved: 6 });
    expect(await stockOf(product)).toMatchObject([{ onHand: 10, reserved: 6 }]);

    const allowed = await adjust(ADMIN, { ...input, delta: -4 });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.adjustStock).toMatchObject({ onHand: 6, reserved: 6, available: 0 });
    expect((await movementsOf(product)).map((movement) => [movement.kind, movement.onHandDelta])).toEqual([
      ['RESERVE', 0],
      ['ADJUST', -4],
    ]);
  });

  it('refuses to make on hand negative, also for a product the warehouse never held', async () => {
    const ids = await warehouses();
    const product = await stockedProduct({ 'BER-1': 2 });

    const below = await adjust(WAREHOUSE_ADMIN, {
      warehouseId: ids['BER-1'],
      productId: product,
      delta: -3,
      reason: 'Stock count',
    });
    const never = await adjust(WAREHOUSE_ADMIN, {
      warehouseId: ids['RTM-1'],
      productId: product,
      delta: -1,
      reason: 'Stock count',
    });

    expect(codes(below)).toEqual(['CONFLICT']);
    expect(codes(never)).toEqual(['CONFLICT']);
    expect(await stockOf(product)).toMatchObject([{ code: 'BER-1', onHand: 2 }]);
    expect(await movementsOf(product)).toEqual([]);
  });

  it('keeps stock consistent when write-offs race reservations for the last units', async () => {
    const ids = await warehouses();
    const product = await stockedProduct({ 'BER-1': 10 });
    const writeOffs = Array.from({ length: 10 }, () =>
      adjust(WAREHOUSE_ADMIN, { warehouseId: ids['BER-1'], productId: product, delta: -1, reason: 'Stock count' }),
    );
    const reservations = Array.from({ length: 10 }, () =>
      warehouseCall(ORDER_SERVICE, 'mutation($input: ReserveStockInput!) { reserveStock(input: $input) { id } }', {
        input: {
          orderId: newId(),
          lines: [{ productId: product, quantity: 1 }],
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        },
      }),
    );

    const responses = await Promise.all([...writeOffs, ...reservations]);

    const succeeded = responses.filter((response) => !response.errors).length;
    expect(succeeded).toBe(10);
    const [row] = await stockOf(product);
    expect(row?.reserved).toBeLessThanOrEqual(row?.onHand ?? 0);
    expect((row?.onHand ?? 0) - (row?.reserved ?? 0)).toBe(0);
    const movements = await movementsOf(product);
    expect(movements.reduce((sum, movement) => sum + movement.onHandDelta, 10)).toBe(row?.onHand);
    expect(movements.reduce((sum, movement) => sum + movement.reservedDelta, 0)).toBe(row?.reserved);
  });

  it.each([
    ['a delta of 0', { delta: 0 }, 'input.delta'],
    ['a fractional-free but huge delta', { delta: 1_000_001 }, 'input.delta'],
    ['a reason that says nothing', { reason: '  ' }, 'input.reason'],
    ['a product id that is not a ULID', { productId: 'SKU-1' }, 'input.productId'],
    ['an unknown warehouse', { warehouseId: '01KZZZZZZZZZZZZZZZZZZZZZZZ' }, 'input.warehouseId'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, change, field) => {
    const ids = await warehouses();
    const product = await stockedProduct({ 'BER-1': 5 });
    const response = await adjust(WAREHOUSE_ADMIN, {
      warehouseId: ids['BER-1'],
      productId: product,
      delta: 1,
      reason: 'Delivery',
      ...change,
    });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await stockOf(product)).toMatchObject([{ onHand: 5 }]);
  });

  it('is for warehouse admins and admins only', async () => {
    const ids = await warehouses();
    const product = await stockedProduct({ 'BER-1': 5 });
    const input = { warehouseId: ids['BER-1'], productId: product, delta: 1, reason: 'Delivery' };

    expect(codes(await adjust(null, input))).toEqual(['UNAUTHENTICATED']);
    for (const caller of [
      CUSTOMER,
      SUPPORT,
      ORDER_SERVICE,
      { subject: 'staff-pricing-1', roles: ['pricing_admin'] as const },
    ]) {
      expect(codes(await adjust({ subject: caller.subject, roles: [...caller.roles] }, input))).toEqual(['FORBIDDEN']);
    }
    expect(await stockOf(product)).toMatchObject([{ onHand: 5 }]);
    expect(await movementsOf(product)).toEqual([]);
  });
});

describe('Product.stockLevels', () => {
  it('shows staff each warehouse’s stock of a product, by warehouse code', async () => {
    const product = await stockedProduct({ 'RTM-1': 7, 'BER-1': 3 });
    await reserve([{ productId: product, quantity: 5 }]);

    for (const caller of [WAREHOUSE_ADMIN, ADMIN, SUPPORT]) {
      const response = await warehouseCall<{ _entities: { stockLevels: StockLevel[] }[] }>(caller, STOCK_LEVELS, {
        representations: [{ __typename: 'Product', id: product }],
      });
      expect(response.errors).toBeUndefined();
      expect(
        response.data?._entities[0]?.stockLevels.map(({ warehouse, onHand, reserved, available }) => ({
          code: warehouse.code,
          onHand,
          reserved,
          available,
        })),
      ).toEqual([
        { code: 'BER-1', onHand: 3, reserved: 0, available: 3 },
        { code: 'RTM-1', onHand: 7, reserved: 5, available: 2 },
      ]);
    }
  });

  it('is hidden from customers and anonymous callers', async () => {
    const product = await stockedProduct({ 'BER-1': 3 });
    const variables = { representations: [{ __typename: 'Product', id: product }] };
    expect(codes(await warehouseCall(null, STOCK_LEVELS, variables))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await warehouseCall(CUSTOMER, STOCK_LEVELS, variables))).toEqual(['FORBIDDEN']);
  });
});
