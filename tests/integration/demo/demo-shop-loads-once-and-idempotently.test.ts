import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { seedDemoShop } from '../../../scripts/demo/seed.js';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import type { SubgraphName } from '../../../shared/services.js';

const shop = buildDemoShop();

/** Demo rows by table. Other suites add rows of their own concurrently: only these are counted. */
const DEMO_ROWS: [SubgraphName, string, string[]][] = [
  ['catalog', 'category', shop.categories.map((c) => c.id)],
  ['catalog', 'product', shop.products.map((p) => p.id)],
  ['customer', 'customer', shop.customers.map((c) => c.id)],
  ['customer', 'address', shop.customers.flatMap((c) => c.addresses.map((a) => a.id))],
  ['order', 'cart', shop.carts.map((c) => c.id)],
  ['order', 'cart_line', shop.carts.flatMap((c) => c.lines.map((l) => l.id))],
  ['order', 'order', shop.orders.map((o) => o.id)],
  ['order', 'order_line', shop.orders.flatMap((o) => o.lines.map((l) => l.id))],
  ['order', 'order_status_change', shop.orders.flatMap((o) => o.history.map((h) => h.id))],
  ['warehouse', 'warehouse', shop.warehouses.map((w) => w.id)],
  ['pricing', 'price', shop.prices.map((p) => p.id)],
  ['promotion', 'promotion', shop.promotions.map((p) => p.id)],
  ['review', 'review', shop.reviews.map((r) => r.id)],
];

async function demoRowCounts(): Promise<Record<string, number>> {
  const urls = inject('databaseUrls');
  const counts: Record<string, number> = {};
  for (const [schema, table, ids] of DEMO_ROWS) {
    const client = new pg.Client({ connectionString: urls[schema] });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}"."${table}" WHERE id = ANY($1)`,
        [ids],
      );
      counts[`${schema}.${table}`] = Number(rows[0]?.n);
    } finally {
      await client.end();
    }
  }
  return counts;
}

const expected = Object.fromEntries(DEMO_ROWS.map(([schema, table, ids]) => [`${schema}.${table}`, ids.length]));

describe('the demo shop', () => {
  it('is loaded into every subgraph schema', async () => {
    expect(await demoRowCounts()).toEqual(expected);
  });

  it('loads again without error and without duplicating anything, as on every npm start', async () => {
    const urls = inject('databaseUrls');
    await seedDemoShop((subgraph) => urls[subgraph]);
    expect(await demoRowCounts()).toEqual(expected);
  });
});
