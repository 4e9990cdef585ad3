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

/** SQL on one subgraph's own schema, over a connection of its own. */
async function query<Row extends pg.QueryResultRow>(
  schema: SubgraphName,
  text: string,
  params: unknown[],
): Promise<Row[]> {
  const client = new pg.Client({
    connectionString: inject('databaseUrls')[schema],
    options: `-c search_path="${schema}"`,
  });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function demoRowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [schema, table, ids] of DEMO_ROWS) {
    const rows = await query<{ n: string }>(
      schema,
      `SELECT count(*) AS n FROM "${schema}"."${table}" WHERE id = ANY($1)`,
      [ids],
    );
    counts[`${schema}.${table}`] = Number(rows[0]?.n);
  }
  return counts;
}

/**
 * Demo rows counted by what makes them the same thing to a person (a SKU, an email, a product's
 * price in a currency, a product's stock in a warehouse), not by id: a load that wrote fresh ids
 * would duplicate them without adding a single id that is counted above.
 */
const NATURAL_KEYS: [string, SubgraphName, string, unknown[], number][] = [
  [
    'catalog.category by slug',
    'catalog',
    'SELECT count(*) AS n FROM category WHERE slug = ANY($1)',
    [shop.categories.map((c) => c.slug)],
    shop.categories.length,
  ],
  [
    'catalog.product by sku',
    'catalog',
    'SELECT count(*) AS n FROM product WHERE sku = ANY($1)',
    [shop.products.map((p) => p.sku)],
    shop.products.length,
  ],
  [
    'customer.customer by email',
    'customer',
    'SELECT count(*) AS n FROM customer WHERE email = ANY($1)',
    [shop.customers.map((c) => c.email)],
    shop.customers.length,
  ],
  [
    'warehouse.warehouse by code',
    'warehouse',
    'SELECT count(*) AS n FROM warehouse WHERE code = ANY($1)',
    [shop.warehouses.map((w) => w.code)],
    shop.warehouses.length,
  ],
  [
    'pricing.price by (product_id, currency)',
    'pricing',
    // Other suites give demo products prices of their own; only the demo list's rows are counted.
    `SELECT count(*) AS n FROM price p JOIN unnest($1::text[], $2::text[]) AS k(product_id, currency)
       ON p.product_id = k.product_id AND p.currency = k.currency WHERE p.author = 'system:demo-seed'`,
    [shop.prices.map((p) => p.productId), shop.prices.map((p) => p.currency)],
    shop.prices.length,
  ],
  [
    'warehouse.stock_item by (warehouse_id, product_id)',
    'warehouse',
    `SELECT count(*) AS n FROM stock_item s JOIN unnest($1::text[], $2::text[]) AS k(warehouse_id, product_id)
       ON s.warehouse_id = k.warehouse_id AND s.product_id = k.product_id`,
    [shop.stock.map((s) => s.warehouseId), shop.stock.map((s) => s.productId)],
    shop.stock.length,
  ],
];

async function naturalKeyCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [label, schema, text, params] of NATURAL_KEYS) {
    counts[label] = Number((await query<{ n: string }>(schema, text, params))[0]?.n);
  }
  return counts;
}

/** on_hand of every demo stock item, by warehouse and product. */
async function demoOnHand(): Promise<Record<string, number>> {
  const rows = await query<{ key: string; on_hand: number }>(
    'warehouse',
    `SELECT s.warehouse_id || '/' || s.product_id AS key, s.on_hand FROM stock_item s
       JOIN unnest($1::text[], $2::text[]) AS k(warehouse_id, product_id)
       ON s.warehouse_id = k.warehouse_id AND s.product_id = k.product_id`,
    [shop.stock.map((s) => s.warehouseId), shop.stock.map((s) => s.productId)],
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.on_hand]));
}

const expected = Object.fromEntries(DEMO_ROWS.map(([schema, table, ids]) => [`${schema}.${table}`, ids.length]));
const expectedByNaturalKey = Object.fromEntries(NATURAL_KEYS.map(([label, , , , count]) => [label, count]));

describe('the demo shop', () => {
  it('is loaded into every subgraph schema', async () => {
    expect(await demoRowCounts()).toEqual(expected);
    expect(await naturalKeyCounts()).toEqual(expectedByNaturalKey);
  });

  it('loads again without error and without duplicating anything, as on every npm start', async () => {
    const urls = inject('databaseUrls');
    // Other suites move demo stock (orders, adjustments): a reload must leave it as it finds it.
    const onHandBefore = await demoOnHand();
    await seedDemoShop((subgraph) => urls[subgraph]);
    expect(await demoRowCounts()).toEqual(expected);
    expect(await naturalKeyCounts()).toEqual(expectedByNaturalKey);
    expect(await demoOnHand()).toEqual(onHandBefore);
  });
});
