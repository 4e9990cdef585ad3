import pg from 'pg';
import { newId } from '../../shared/ids.js';
import type { SubgraphName } from '../../shared/services.js';
import type { Stack } from '../stack/stack.js';

/**
 * Products the benchmark adds to its throwaway database (catalog row, prices, stock), written
 * straight to each subgraph's tables as the demo seed writes its own.
 */
export type BenchPools = Record<'customer' | 'catalog' | 'pricing' | 'warehouse' | 'order', pg.Pool>;

export function openBenchPools(stack: Pick<Stack, 'databaseUrl'>): BenchPools {
  const pool = (subgraph: SubgraphName) =>
    new pg.Pool({ connectionString: stack.databaseUrl(subgraph), max: 2, options: `-c search_path="${subgraph}"` });
  return {
    customer: pool('customer'),
    catalog: pool('catalog'),
    pricing: pool('pricing'),
    warehouse: pool('warehouse'),
    order: pool('order'),
  };
}

export async function closeBenchPools(pools: BenchPools): Promise<void> {
  await Promise.all(Object.values(pools).map((pool) => pool.end()));
}

/** A product on sale with these prices and units in the first warehouse; its id. */
export async function addBenchProduct(
  pools: BenchPools,
  options: { label: string; units: number; prices: Record<string, string> },
): Promise<string> {
  const id = newId();
  const category = await pools.catalog.query<{ id: string }>('SELECT id FROM category ORDER BY id LIMIT 1');
  await pools.catalog.query(
    `INSERT INTO product (id, sku, name, description, status, category_id, created_at, updated_at)
     VALUES ($1, $2, $3, '', 'ACTIVE', $4, now(), now())`,
    [id, `BENCH-${id}`, `Bench ${options.label}`, category.rows[0]?.id],
  );
  for (const [currency, amount] of Object.entries(options.prices)) {
    await pools.pricing.query(
      `INSERT INTO price (id, product_id, currency, amount, valid_from, author, reason)
       VALUES ($1, $2, $3, $4, now() - interval '1 minute', 'system:bench', 'benchmark product')`,
      [newId(), id, currency, amount],
    );
  }
  const warehouse = await pools.warehouse.query<{ id: string }>('SELECT id FROM warehouse ORDER BY code LIMIT 1');
  await pools.warehouse.query(
    'INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, updated_at) VALUES ($1, $2, $3, 0, now())',
    [warehouse.rows[0]?.id, id, options.units],
  );
  return id;
}

/** Adds products priced in EUR and USD until `count` are on sale. */
export async function fillCatalogTo(stack: Stack, count: number): Promise<void> {
  const pools = openBenchPools(stack);
  try {
    const onSale = await pools.catalog.query<{ n: string }>(
      `SELECT count(*) AS n FROM product WHERE status = 'ACTIVE'`,
    );
    for (let i = Number(onSale.rows[0]?.n ?? 0); i < count; i++) {
      await addBenchProduct(pools, { label: `priced ${i}`, units: 1000, prices: { EUR: '12.3400', USD: '13.4500' } });
    }
  } finally {
    await closeBenchPools(pools);
  }
}
