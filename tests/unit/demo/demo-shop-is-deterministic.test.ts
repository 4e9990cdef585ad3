import { describe, expect, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { isUlid } from '../../../shared/ids.js';

describe('demo shop', () => {
  const shop = buildDemoShop();

  it('is the same on every build, so seeding is idempotent', () => {
    expect(buildDemoShop()).toEqual(shop);
  });

  it('is big enough to look like a shop', () => {
    expect(shop.products.length).toBeGreaterThanOrEqual(50);
    expect(new Set(shop.products.map((p) => p.categoryId)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(shop.prices.map((p) => p.currency)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(shop.stock.map((s) => s.warehouseId)).size).toBeGreaterThanOrEqual(2);
    expect(shop.customers.length).toBeGreaterThanOrEqual(3);
    expect(shop.customers.every((c) => c.addresses.length > 0)).toBe(true);
    expect(shop.reviews.length).toBeGreaterThan(0);
    expect(shop.promotions.length).toBeGreaterThanOrEqual(3);
  });

  it('uses unique ULIDs for every row', () => {
    const ids = [
      ...shop.categories,
      ...shop.products,
      ...shop.prices,
      ...shop.warehouses,
      ...shop.customers,
      ...shop.reviews,
      ...shop.promotions,
      ...shop.carts,
      ...shop.orders,
    ].map((row) => row.id);
    expect(ids.every(isUlid)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('prices every product in EUR and USD with at most two decimals', () => {
    for (const product of shop.products) {
      const currencies = shop.prices.filter((p) => p.productId === product.id).map((p) => p.currency);
      expect(currencies).toEqual(expect.arrayContaining(['EUR', 'USD']));
    }
    expect(shop.prices.every((p) => /^\d+\.\d{2}$/.test(p.amount))).toBe(true);
  });
});
