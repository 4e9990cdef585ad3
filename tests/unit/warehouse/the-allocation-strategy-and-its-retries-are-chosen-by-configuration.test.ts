import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config.js';
import { fullestFirstStrategy } from '../../../subgraphs/warehouse/src/domain/allocation-strategies.js';
import { fewestShipmentsStrategy } from '../../../subgraphs/warehouse/src/domain/default-allocation-strategy.js';
import { loadWarehouseSettings } from '../../../subgraphs/warehouse/src/warehouse-config.js';

describe('the warehouse settings', () => {
  it('default to the fewest-shipments strategy, three plans per reservation and costs in EUR', () => {
    expect(loadWarehouseSettings({})).toEqual({
      allocationStrategy: fewestShipmentsStrategy,
      reservationAttempts: 3,
      shippingCostCurrency: 'EUR',
    });
  });

  it('take a strategy by its name, 1 to 10 attempts and one of the shop’s currencies', () => {
    expect(
      loadWarehouseSettings({
        WAREHOUSE_ALLOCATION_STRATEGY: 'fullest-first',
        WAREHOUSE_RESERVATION_ATTEMPTS: '10',
        WAREHOUSE_SHIPPING_COST_CURRENCY: 'GBP',
      }),
    ).toEqual({ allocationStrategy: fullestFirstStrategy, reservationAttempts: 10, shippingCostCurrency: 'GBP' });
  });

  it('refuse anything else at start, one line per variable, naming the strategies there are', () => {
    let error: unknown;
    try {
      loadWarehouseSettings({
        WAREHOUSE_ALLOCATION_STRATEGY: 'nearest',
        WAREHOUSE_RESERVATION_ATTEMPTS: '0',
        WAREHOUSE_SHIPPING_COST_CURRENCY: 'XXX',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/WAREHOUSE_ALLOCATION_STRATEGY must be one of fewest-shipments, fullest-first/);
    expect(message).toMatch(/WAREHOUSE_RESERVATION_ATTEMPTS must be at least 1/);
    expect(message).toMatch(/WAREHOUSE_SHIPPING_COST_CURRENCY/);
    for (const attempts of ['11', '1.5', 'many']) {
      expect(() => loadWarehouseSettings({ WAREHOUSE_RESERVATION_ATTEMPTS: attempts })).toThrow(
        /WAREHOUSE_RESERVATION_ATTEMPTS/,
      );
    }
  });
});
