import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import {
  ADMIN,
  CUSTOMER,
  codes,
  SUPPORT,
  WAREHOUSE_ADMIN,
  warehouseCall,
  warehouses,
  withWarehouseDatabase,
} from '../warehouse-reservations/stock.js';
import { alertEventsOf, alertingProduct, crossings, reportedLevelOf, type StockedItem } from './alerts.js';

const SET_THRESHOLD = `mutation SetThreshold($input: SetLowStockThresholdInput!) {
  setLowStockThreshold(input: $input) { productId available lowStockThreshold ownLowStockThreshold alertLevel }
}`;
const SET_WAREHOUSE_THRESHOLD = `mutation SetWarehouseThreshold($input: SetWarehouseLowStockThresholdInput!) {
  setWarehouseLowStockThreshold(input: $input) { code lowStockThreshold }
}`;

const ownThresholdOf = (item: StockedItem) =>
  withWarehouseDatabase(async (client) => {
    const result = await client.query<{ threshold: number | null }>(
      'SELECT low_stock_threshold AS threshold FROM stock_item WHERE warehouse_id = $1 AND product_id = $2',
      [item.warehouseId, item.productId],
    );
    return result.rows[0]?.threshold;
  });

describe('setLowStockThreshold', () => {
  it('moves an item’s threshold across its stock and reports the crossing once', async () => {
    const item = await alertingProduct('RTM-1', 8, 5);

    const raised = await warehouseCall(WAREHOUSE_ADMIN, SET_THRESHOLD, { input: { ...item, threshold: 10 } });
    expect(raised.errors).toBeUndefined();
    expect(raised.data?.setLowStockThreshold).toEqual({
      productId: item.productId,
      available: 8,
      lowStockThreshold: 10,
      ownLowStockThreshold: 10,
      alertLevel: 'LOW',
    });
    // Setting the same threshold again crosses nothing.
    await warehouseCall(ADMIN, SET_THRESHOLD, { input: { ...item, threshold: 10 } });
    // Null: the item follows its warehouse again (Rotterdam's 10 in the demo shop), still low.
    const followed = await warehouseCall(WAREHOUSE_ADMIN, SET_THRESHOLD, { input: { ...item, threshold: null } });
    expect(followed.data?.setLowStockThreshold).toMatchObject({ ownLowStockThreshold: null, lowStockThreshold: 10 });

    expect(crossings(await alertEventsOf(item))).toEqual([['StockLow', 'OK', 'LOW', 'THRESHOLD']]);
  });

  it('refuses bad input with a stable code and changes nothing', async () => {
    const item = await alertingProduct('RTM-1', 8, 5);
    const refusals = [
      [{ ...item, threshold: -1 }, 'BAD_USER_INPUT', 'input.threshold'],
      [{ ...item, threshold: 1_000_000_001 }, 'BAD_USER_INPUT', 'input.threshold'],
      [{ ...item, threshold: 2.5 }, 'BAD_USER_INPUT', undefined],
      [{ ...item, warehouseId: 'not-a-ulid', threshold: 10 }, 'BAD_USER_INPUT', 'input.warehouseId'],
      [{ ...item, warehouseId: newId(), threshold: 10 }, 'BAD_USER_INPUT', 'input.warehouseId'],
      [{ ...item, productId: newId(), threshold: 10 }, 'NOT_FOUND', undefined],
    ] as const;
    for (const [input, code, field] of refusals) {
      const response = await warehouseCall(WAREHOUSE_ADMIN, SET_THRESHOLD, { input });
      expect(codes(response), JSON.stringify(input)).toEqual([code]);
      if (field) expect(response.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await ownThresholdOf(item)).toBe(5);
    expect(await alertEventsOf(item)).toEqual([]);
  });

  it('is for warehouse admins and admins only', async () => {
    const item = await alertingProduct('RTM-1', 8, 5);
    for (const caller of [SUPPORT, CUSTOMER]) {
      const response = await warehouseCall(caller, SET_THRESHOLD, { input: { ...item, threshold: 20 } });
      expect(codes(response)).toEqual(['FORBIDDEN']);
    }
    expect(codes(await warehouseCall(null, SET_THRESHOLD, { input: { ...item, threshold: 20 } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(await ownThresholdOf(item)).toBe(5);
    expect(await reportedLevelOf(item)).toBe('OK');
  });
});

describe('setWarehouseLowStockThreshold', () => {
  it('judges again every item that follows the warehouse, and leaves items with their own threshold alone', async () => {
    const newark = (await warehouses())['EWR-1'];
    const following = await alertingProduct('EWR-1', 20, 5);
    const own = await alertingProduct('EWR-1', 20, 5);
    await withWarehouseDatabase((client) =>
      client.query('UPDATE stock_item SET low_stock_threshold = NULL WHERE warehouse_id = $1 AND product_id = $2', [
        following.warehouseId,
        following.productId,
      ]),
    );
    try {
      const raised = await warehouseCall(WAREHOUSE_ADMIN, SET_WAREHOUSE_THRESHOLD, {
        input: { warehouseId: newark, threshold: 30 },
      });
      expect(raised.errors).toBeUndefined();
      expect(raised.data?.setWarehouseLowStockThreshold).toEqual({ code: 'EWR-1', lowStockThreshold: 30 });
    } finally {
      // Back to the demo shop's threshold, for the other tests of Newark's stock.
      const restored = await warehouseCall(ADMIN, SET_WAREHOUSE_THRESHOLD, {
        input: { warehouseId: newark, threshold: 5 },
      });
      expect(restored.errors).toBeUndefined();
    }

    expect(crossings(await alertEventsOf(following))).toEqual([
      ['StockLow', 'OK', 'LOW', 'THRESHOLD'],
      ['StockRecovered', 'LOW', 'OK', 'THRESHOLD'],
    ]);
    expect(await alertEventsOf(own)).toEqual([]);
  });

  it('refuses an unknown warehouse or a bad threshold, and customers', async () => {
    const newark = (await warehouses())['EWR-1'];
    const unknown = await warehouseCall(WAREHOUSE_ADMIN, SET_WAREHOUSE_THRESHOLD, {
      input: { warehouseId: newId(), threshold: 5 },
    });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors?.[0]?.extensions?.field).toBe('input.warehouseId');
    const negative = await warehouseCall(WAREHOUSE_ADMIN, SET_WAREHOUSE_THRESHOLD, {
      input: { warehouseId: newark, threshold: -3 },
    });
    expect(codes(negative)).toEqual(['BAD_USER_INPUT']);
    const customer = await warehouseCall(CUSTOMER, SET_WAREHOUSE_THRESHOLD, {
      input: { warehouseId: newark, threshold: 7 },
    });
    expect(codes(customer)).toEqual(['FORBIDDEN']);
    const listed = await warehouseCall<{ warehouses: { code: string; lowStockThreshold: number }[] }>(
      WAREHOUSE_ADMIN,
      '{ warehouses { code lowStockThreshold } }',
    );
    expect(listed.data?.warehouses.find((warehouse) => warehouse.code === 'EWR-1')?.lowStockThreshold).toBe(5);
  });
});
