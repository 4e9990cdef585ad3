import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { seedDemoShop } from '../../../scripts/demo/seed.js';
import { buildDemoShop } from '../../../scripts/demo/shop.js';

const TABLES = {
  catalog: ['category', 'product'],
  customer: ['customer', 'address'],
  order: ['cart', 'cart_line', 'order', 'order_line', 'order_status_change'],
  warehouse: ['warehouse', 'stock_item'],
  pricing: ['price'],
  promotion: ['promotion'],
  review: ['review'],
} as const;

async function rowCounts(): Promise<Record<string, number>> {
  const urls = inject('databaseUrls');
  const counts: Record<string, number> = {};
  for (const [schema, tables] of Object.entries(TABLES)) {
    const client = new pg.Client({ connectionString: urls[schema as keyof typeof TABLES] });
    await client.connect();
    try {
      for (const table of tables) {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${table}"`);
        counts[`${schema}.${table}`] = Number(rows[0]?.n);
      }
    } finally {
      await client.end();
    }
  }
  return counts;
}

describe('the demo shop', () => {
  it('is loaded into every subgraph schema', async () => {
    const shop = buildDemoShop();
    const counts = await rowCounts();
    expect(counts['catalog.product']).toBe(shop.products.length);
    expect(counts['pricing.price']).toBe(shop.prices.length);
    expect(counts['warehouse.stock_item']).toBe(shop.stock.length);
    expect(counts['review.review']).toBe(shop.reviews.length);
    expect(counts['customer.customer']).toBe(shop.customers.length);
    expect(counts['promotion.promotion']).toBe(shop.promotions.length);
    expect(counts['order.order']).toBe(shop.orders.length);
  });

  it('adds nothing when loaded again, as on every npm start', async () => {
    const before = await rowCounts();
    const urls = inject('databaseUrls');
    await seedDemoShop((subgraph) => urls[subgraph]);
    expect(await rowCounts()).toEqual(before);
  });
});
