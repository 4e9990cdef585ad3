import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPendingMigrations } from '../../../scripts/db/migrations.js';
import type { AuditActor } from '../../../shared/auth/audit-actor.js';
import type { CurrencyCode } from '../../../shared/currency.js';
import { newId } from '../../../shared/ids.js';
import type { OwnerPageKey } from '../../../shared/owner-pages.js';
import {
  countPublicProducts,
  countSearchMatches,
  createCatalogLoaders,
  findProductBySku,
  readPublicProducts,
  searchPublicProducts,
} from '../../../subgraphs/catalog/src/data/products.js';
import { PrismaClient as CatalogClient } from '../../../subgraphs/catalog/src/generated/prisma/client.js';
import { addCartLine, updateCartLine } from '../../../subgraphs/order/src/data/cart-edits.js';
import { deleteExpiredCarts, type ExpiredCartKind } from '../../../subgraphs/order/src/data/cart-retention.js';
import { createCart } from '../../../subgraphs/order/src/data/carts.js';
import { findOrderPlacements } from '../../../subgraphs/order/src/data/order-placements.js';
import { claimOrderRequest } from '../../../subgraphs/order/src/data/order-requests.js';
import { createOrderLoaders } from '../../../subgraphs/order/src/data/orders.js';
import { insertPlacedOrder } from '../../../subgraphs/order/src/data/placed-orders.js';
import { PrismaClient as OrderClient } from '../../../subgraphs/order/src/generated/prisma/client.js';
import { createSealedCache, priceCacheMetrics } from '../../../subgraphs/pricing/src/data/price-cache.js';
import { quoteProducts } from '../../../subgraphs/pricing/src/data/price-quotes.js';
import { priceCandidatesLoader } from '../../../subgraphs/pricing/src/data/prices.js';
import { PrismaClient as PricingClient } from '../../../subgraphs/pricing/src/generated/prisma/client.js';
import { evaluateNow, reserveUses } from '../../../subgraphs/promotion/src/data/redemptions.js';
import { ruleCache } from '../../../subgraphs/promotion/src/domain/eligibility-rules.js';
import { reservePromotionUsesInput } from '../../../subgraphs/promotion/src/domain/promotion-input.js';
import { PrismaClient as PromotionClient } from '../../../subgraphs/promotion/src/generated/prisma/client.js';
import { createReviewLoaders } from '../../../subgraphs/review/src/data/reviews.js';
import { PrismaClient as ReviewClient } from '../../../subgraphs/review/src/generated/prisma/client.js';
import {
  confirmReservation,
  findReservation,
  releaseReservation,
  reserveStock,
} from '../../../subgraphs/warehouse/src/data/reservations.js';
import { createWarehouseLoaders } from '../../../subgraphs/warehouse/src/data/stock.js';
import { PrismaClient as WarehouseClient } from '../../../subgraphs/warehouse/src/generated/prisma/client.js';
import {
  type ExplainOutput,
  indexesRead,
  LARGE_TABLE_ROWS,
  largeSequentialScans,
  outlinePlan,
  type PlanNode,
} from '../../support/query-plans.js';
import {
  CART,
  CATEGORY,
  CUSTOMER,
  FILL_STATEMENTS,
  HOT_PATH_SUBGRAPHS,
  type HotPathSubgraph,
  idOf,
  ORDER,
  PRODUCT,
  VOLUMES,
} from '../../support/realistic-volumes.js';
import { isPlannable, type RecordedStatement, recordingPool } from '../../support/statement-recorder.js';

/**
 * Every statement a hot path sends (product page, category page, price lookup, cart, checkout,
 * reservation, review page, order history), recorded from the real data-access code running
 * against a database filled to VOLUMES, is explained with its own bound values: none may read a
 * table of more than LARGE_TABLE_ROWS rows with a sequential scan.
 */

// Filling takes one to two minutes on two cores; a machine busy with other work gets more time.
const FILL_TIMEOUT_MS = 600_000;
const LARGEST_FILLS: readonly HotPathSubgraph[] = ['warehouse', 'order'];
const NOW = new Date();
const SYSTEM: AuditActor = 'system:plan-check';

let databaseUrl: string;
let maintenance: pg.Client;
const databaseName = `plans_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const tableRows = new Map<string, number>();
const recorders = {} as Record<HotPathSubgraph, ReturnType<typeof recordingPool>>;
const explainers = {} as Record<HotPathSubgraph, pg.Client>;
let catalog: CatalogClient;
let warehouse: WarehouseClient;
let pricing: PricingClient;
let review: ReviewClient;
let order: OrderClient;
let promotion: PromotionClient;
let redis: Redis;
/** What each checked path read, for the summary printed at the end. */
const readsByPath: string[] = [];

function databaseUrlOf(name: string): string {
  const url = new URL(inject('databaseUrls').catalog);
  url.pathname = `/${name}`;
  return url.toString();
}

/** How long each step of filling took, for the log: the volumes are tuned to keep this file quick. */
const fillTimes: string[] = [];

async function fill(subgraph: HotPathSubgraph): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path="${subgraph}"` });
  await client.connect();
  try {
    const started = Date.now();
    const steps: string[] = [];
    for (const statement of FILL_STATEMENTS[subgraph]) {
      const stepStarted = Date.now();
      await client.query(statement);
      steps.push(`${/INSERT INTO (\S+)/.exec(statement)?.[1]} ${Date.now() - stepStarted} ms`);
    }
    const filled = Date.now();
    // As autovacuum leaves a table after inserts: statistics, and a visibility map that lets an
    // index answer alone (an index-only scan) instead of visiting every row it points to.
    await client.query('VACUUM ANALYZE');
    fillTimes.push(
      `${subgraph}: filled in ${filled - started} ms (${steps.join(', ')}), vacuumed and analyzed in ${Date.now() - filled} ms`,
    );
  } finally {
    await client.end();
  }
}

function connect<T>(Client: new (options: { adapter: PrismaPg }) => T, subgraph: HotPathSubgraph): T {
  recorders[subgraph] = recordingPool(databaseUrl, subgraph);
  return new Client({ adapter: new PrismaPg(recorders[subgraph].pool, { schema: subgraph }) });
}

const page = (ownerId: string, size = 20, afterId: string | null = null): OwnerPageKey => ({
  ownerId,
  size,
  direction: 'forward',
  afterId,
  beforeId: null,
});

/**
 * Runs one path's data access, explains each statement it sent with the values it bound, and
 * fails naming the statement and its plan if a large table was read from end to end.
 */
async function expectIndexedReads(path: string, subgraph: HotPathSubgraph, run: () => Promise<unknown>): Promise<void> {
  recorders[subgraph].take();
  await run();
  const statements = recorders[subgraph].take().filter(isPlannable);
  expect(statements.length, `${path} sent no statement`).toBeGreaterThan(0);
  const failures: string[] = [];
  const indexes = new Set<string>();
  for (const statement of statements) {
    const plan = await explain(subgraph, statement);
    for (const index of indexesRead(plan)) indexes.add(index);
    const scans = largeSequentialScans(plan, (table) => tableRows.get(table));
    if (scans.length > 0)
      failures.push(
        `${path}: sequential scan of ${scans.map((s) => `${s.table} (${tableRows.get(s.table)} rows)`).join(', ')}\n` +
          `statement: ${statement.text.replace(/\s+/g, ' ').trim()}\nplan:\n${outlinePlan(plan)}`,
      );
  }
  readsByPath.push(`${path}: ${[...indexes].join(', ') || '(no index)'}`);
  expect(failures, failures.join('\n\n')).toEqual([]);
}

async function explain(subgraph: HotPathSubgraph, statement: RecordedStatement): Promise<PlanNode> {
  const { rows } = await explainers[subgraph].query<{ 'QUERY PLAN': ExplainOutput }>({
    text: `EXPLAIN (VERBOSE, FORMAT JSON) ${statement.text}`,
    values: statement.values,
  });
  return (rows[0] as { 'QUERY PLAN': ExplainOutput })['QUERY PLAN'][0].Plan;
}

beforeAll(async () => {
  maintenance = new pg.Client({ connectionString: databaseUrlOf('postgres') });
  await maintenance.connect();
  await maintenance.query(`CREATE DATABASE ${databaseName}`);
  databaseUrl = databaseUrlOf(databaseName);
  const migrating = Date.now();
  for (const subgraph of HOT_PATH_SUBGRAPHS) await applyPendingMigrations(subgraph, databaseUrl);
  fillTimes.push(`migrations applied in ${Date.now() - migrating} ms`);
  // Two subgraphs at a time (two cores), the two largest first.
  const queue = [...HOT_PATH_SUBGRAPHS].sort(
    (a, b) => Number(LARGEST_FILLS.includes(b)) - Number(LARGEST_FILLS.includes(a)),
  );
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await fill(next);
    }),
  );

  const sizes = new pg.Client({ connectionString: databaseUrl });
  await sizes.connect();
  const { rows } = await sizes.query<{ name: string; rows: number }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.reltuples::bigint::int AS rows
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)`,
    [[...HOT_PATH_SUBGRAPHS]],
  );
  await sizes.end();
  for (const row of rows) tableRows.set(row.name, Math.max(row.rows, 0));

  for (const subgraph of HOT_PATH_SUBGRAPHS) {
    explainers[subgraph] = new pg.Client({ connectionString: databaseUrl, options: `-c search_path="${subgraph}"` });
    await explainers[subgraph].connect();
  }
  catalog = connect(CatalogClient, 'catalog');
  warehouse = connect(WarehouseClient, 'warehouse');
  pricing = connect(PricingClient, 'pricing');
  review = connect(ReviewClient, 'review');
  order = connect(OrderClient, 'order');
  promotion = connect(PromotionClient, 'promotion');
  redis = new Redis(inject('redisUrl'), { lazyConnect: true });
}, FILL_TIMEOUT_MS);

afterAll(async () => {
  console.log(`${fillTimes.join('\n')}\nIndexes read by each hot path:\n${readsByPath.join('\n')}`);
  await Promise.all([catalog, warehouse, pricing, review, order, promotion].map((client) => client?.$disconnect()));
  // The adapter leaves pools it was handed open.
  await Promise.all(Object.values(recorders).map((recorder) => recorder.pool.end()));
  await Promise.all(Object.values(explainers).map((client) => client.end()));
  redis?.disconnect();
  // Connections asked to end may still be saying goodbye; FORCE would cut them off mid-way, an
  // error their ended clients no longer listen for. Wait a moment for them to go first.
  for (let waited = 0; maintenance && waited < 5000; waited += 100) {
    const { rows } = await maintenance.query<{ open: number }>(
      'SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1',
      [databaseName],
    );
    if (rows[0]?.open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await maintenance?.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await maintenance?.end();
});

const products = (from: number, count: number) => Array.from({ length: count }, (_, i) => idOf(PRODUCT, from + i * 37));

describe(`hot queries on ${VOLUMES.products} products, ${VOLUMES.stockMovements} stock movements and ${VOLUMES.orders} orders`, () => {
  it('the filled tables are as large as the volumes say', () => {
    expect(tableRows.get('catalog.product')).toBeGreaterThanOrEqual(VOLUMES.products * 0.9);
    expect(tableRows.get('warehouse.stock_movement')).toBeGreaterThanOrEqual(VOLUMES.stockMovements * 0.9);
    expect(tableRows.get('order.order')).toBeGreaterThanOrEqual(VOLUMES.orders * 0.9);
    expect(LARGE_TABLE_ROWS).toBeLessThan(VOLUMES.orders / 10);
  });

  describe('product page', () => {
    it('products by id', () =>
      expectIndexedReads('product page: products by id', 'catalog', () =>
        createCatalogLoaders(catalog).productById.loadMany(products(1000, 20)),
      ));

    it('a product by SKU', () =>
      expectIndexedReads('product page: product by SKU', 'catalog', () => findProductBySku(catalog, 'SKU-0054321')));

    it('availability of a page of products', () =>
      expectIndexedReads('product page: availability', 'warehouse', () =>
        createWarehouseLoaders(warehouse).stockTotalsByProductId.loadMany(products(2000, 20)),
      ));

    it('stock levels per warehouse (staff)', () =>
      expectIndexedReads('product page: stock levels', 'warehouse', () =>
        createWarehouseLoaders(warehouse).stockLevelsByProductId.loadMany(products(3000, 20)),
      ));

    it('latest stock movements (staff)', () =>
      expectIndexedReads('product page: latest stock movements', 'warehouse', () =>
        createWarehouseLoaders(warehouse).latestMovements.loadMany(
          products(4000, 5).map((productId) => ({ productId, first: 10 })),
        ),
      ));
  });

  describe('category and listing pages', () => {
    it("a page of a category's products, and the next page", async () => {
      const category = idOf(CATEGORY, 17);
      await expectIndexedReads('category page: first page', 'catalog', () =>
        createCatalogLoaders(catalog).productPageByCategory.load(page(category)),
      );
      await expectIndexedReads('category page: next page', 'catalog', () =>
        createCatalogLoaders(catalog).productPageByCategory.load(page(category, 20, idOf(PRODUCT, 20_017))),
      );
    });

    it('products on sale per category', () =>
      expectIndexedReads('category page: products on sale', 'catalog', () =>
        createCatalogLoaders(catalog).publicProductCountByCategory.loadMany([idOf(CATEGORY, 3), idOf(CATEGORY, 4)]),
      ));

    it('a page of all products on sale, from a cursor', () =>
      expectIndexedReads('listing: products on sale', 'catalog', () =>
        readPublicProducts(catalog, { size: 20, direction: 'forward', afterId: idOf(PRODUCT, 50_000), beforeId: null }),
      ));

    it('a search for a product, its next page and its count of matches', async () => {
      const first = { size: 20, direction: 'forward', afterId: null, beforeId: null } as const;
      await expectIndexedReads('search: first page', 'catalog', () =>
        searchPublicProducts(catalog, '54321', null, first),
      );
      await expectIndexedReads('search: next page', 'catalog', () =>
        searchPublicProducts(catalog, '54321', null, { ...first, afterId: idOf(PRODUCT, 54_321) }),
      );
      await expectIndexedReads('search: count', 'catalog', () => countSearchMatches(catalog, '54321', null));
    });

    it('how many products are on sale', () =>
      expectIndexedReads('listing: count of products on sale', 'catalog', () => countPublicProducts(catalog)));
  });

  describe('price lookup', () => {
    const uncached = () =>
      createSealedCache({
        redis,
        enabled: false,
        ttlSeconds: 60,
        secret: Buffer.alloc(32),
        metrics: priceCacheMetrics(new Registry()),
      });

    it('prices of a page of products (a cache miss)', () =>
      expectIndexedReads('price lookup: prices in EUR', 'pricing', () =>
        priceCandidatesLoader(pricing, uncached(), NOW).loadMany(
          products(5000, 20).map((productId) => ({ productId, currency: 'EUR' as CurrencyCode })),
        ),
      ));

    it('a quote converted from EUR', () =>
      expectIndexedReads('price lookup: converted quote', 'pricing', () =>
        quoteProducts(
          {
            priceCandidates: priceCandidatesLoader(pricing, uncached(), NOW),
            db: pricing,
            cache: uncached(),
            now: NOW,
            maxRateAgeSeconds: 86_400,
          },
          'GBP' as CurrencyCode,
          products(6000, 5),
        ),
      ));
  });

  describe('review page', () => {
    it("a page of a product's published reviews and its rating", async () => {
      const loaders = createReviewLoaders(review);
      await expectIndexedReads('review page: published reviews', 'review', () =>
        loaders.pageByProduct.load(page(idOf(PRODUCT, 777), 10)),
      );
      await expectIndexedReads('review page: rating counts', 'review', () =>
        createReviewLoaders(review).ratingCountsByProductId.loadMany(products(7000, 20)),
      );
    });

    it("a customer's published reviews", () =>
      expectIndexedReads("review page: a customer's reviews", 'review', () =>
        createReviewLoaders(review).pageByCustomer.load(page(idOf(CUSTOMER, 4321), 10)),
      ));
  });

  describe('cart, checkout and reservation', () => {
    const customerId = idOf(CUSTOMER, 9999);
    let cartId: string;
    const orderId = newId();

    it('a cart is created, filled and read', async () => {
      await expectIndexedReads('cart: create', 'order', async () => {
        cartId = (await createCart(order, { customerId }, 'EUR' as CurrencyCode)).id;
      });
      await expectIndexedReads('cart: add a line', 'order', () => addCartLine(order, cartId, idOf(PRODUCT, 11), 2));
      await expectIndexedReads('cart: change a line', 'order', () =>
        updateCartLine(order, cartId, idOf(PRODUCT, 11), 3),
      );
      await expectIndexedReads('cart: read with lines', 'order', async () => {
        const loaders = createOrderLoaders(order);
        await Promise.all([loaders.cartById.load(cartId), loaders.cartLinesByCartId.load(idOf(CART, 123))]);
        await loaders.cartLinesByCartId.load(cartId);
      });
      await expectIndexedReads("cart: a customer's carts", 'order', () =>
        createOrderLoaders(order).cartsByCustomerId.load(customerId),
      );
    });

    it.each<ExpiredCartKind>(['empty_cart', 'guest_cart', 'customer_cart'])(
      'abandoned carts are cleaned up in batches (%s)',
      (kind) =>
        expectIndexedReads(`cart: cleanup of abandoned carts (${kind})`, 'order', () =>
          // The oldest month of carts has expired: a batch must find them without reading all carts.
          deleteExpiredCarts(order, kind, new Date(Date.parse('2025-01-31T00:00:00Z')))(500),
        ),
    );

    it('stock is reserved, confirmed and found; a second order is released', async () => {
      const lines = [
        { productId: idOf(PRODUCT, 11), quantity: 3 },
        { productId: idOf(PRODUCT, 12), quantity: 1 },
      ];
      await expectIndexedReads('reservation: reserve', 'warehouse', () =>
        reserveStock(
          warehouse,
          { orderId, lines, expiresAt: new Date(NOW.getTime() + 900_000), destination: null, customerId },
          SYSTEM,
          NOW,
        ),
      );
      await expectIndexedReads('reservation: find', 'warehouse', () => findReservation(warehouse, orderId));
      await expectIndexedReads('reservation: confirm', 'warehouse', () =>
        warehouse.$transaction((tx) => confirmReservation(tx, orderId, NOW)),
      );
      const released = newId();
      await reserveStock(
        warehouse,
        { orderId: released, lines, expiresAt: new Date(NOW.getTime() + 900_000), destination: null, customerId },
        SYSTEM,
        NOW,
      );
      await expectIndexedReads('reservation: release', 'warehouse', () =>
        releaseReservation(warehouse, released, { actor: SYSTEM, reason: 'order failed' }, NOW),
      );
    });

    it('promotions are evaluated for the cart and a code is reserved for the order', async () => {
      const input = reservePromotionUsesInput.parse({
        orderId,
        cartId,
        customerId,
        email: null,
        currency: 'EUR',
        subtotal: '60',
        codes: ['CODE00012346'],
        lines: [{ productId: idOf(PRODUCT, 11), quantity: 3, lineTotal: '60' }],
      });
      const judges = { askSegments: async () => new Set<string>(), rules: ruleCache() };
      await expectIndexedReads('checkout: evaluate promotions', 'promotion', () =>
        evaluateNow(promotion, input, NOW, judges),
      );
      await expectIndexedReads('checkout: reserve promotion uses', 'promotion', async () => {
        const evaluation = await reserveUses(promotion, input, NOW, judges);
        expect(evaluation.applied.map((a) => a.promotion.code)).toContain('CODE00012346');
      });
    });

    it('the order is claimed, placed and looked up by the sweeps', async () => {
      const ownerKey = `customer:${customerId}`;
      const idempotencyKey = `checkout-${orderId}`;
      await expectIndexedReads('checkout: claim the idempotency key', 'order', () =>
        claimOrderRequest(order, ownerKey, idempotencyKey, 'a'.repeat(64), orderId, NOW, 60_000),
      );
      const cart = await order.cart.findUniqueOrThrow({ where: { id: cartId } });
      await expectIndexedReads('checkout: record the order', 'order', () =>
        insertPlacedOrder(order, {
          id: orderId,
          customerId,
          guestEmail: null,
          ownerKey,
          cartId,
          cartVersion: cart.version,
          idempotencyKey,
          currency: 'EUR',
          subtotal: '60',
          discountTotal: '0',
          total: '60',
          shippingAddress: { line1: '1 Tea Street', city: 'Berlin', country: 'DE' },
          placedAt: NOW,
          paymentDueAt: new Date(Date.now() + 600_000),
          lines: [
            {
              productId: idOf(PRODUCT, 11),
              sku: 'SKU-0000011',
              productName: 'Product 11 tea',
              quantity: 3,
              unitPrice: '20',
              lineTotal: '60',
              priceVersionId: newId(),
            },
          ],
          discounts: [],
          actor: `customer:${customerId}`,
          correlationId: null,
        }),
      );
      await expectIndexedReads('checkout: placements the sweeps ask for', 'order', () =>
        findOrderPlacements(order, [orderId, idOf(ORDER, 199_500), newId()], 1_800_000),
      );
    });
  });

  describe('order history', () => {
    const customerId = idOf(CUSTOMER, 1234);

    it("a page of a customer's orders, the next page and their count", async () => {
      const loaders = createOrderLoaders(order);
      const first = await loaders.ordersPageByCustomer.load(page(customerId, 2));
      const last = first.rows.at(-1)?.id ?? null;
      await expectIndexedReads('order history: first page', 'order', () =>
        createOrderLoaders(order).ordersPageByCustomer.load(page(customerId, 2)),
      );
      await expectIndexedReads('order history: next page', 'order', () =>
        createOrderLoaders(order).ordersPageByCustomer.load(page(customerId, 2, last)),
      );
      await expectIndexedReads('order history: count', 'order', () =>
        createOrderLoaders(order).orderCountByCustomer.load(customerId),
      );
    });

    it("an order's lines, status history, payments and discounts", async () => {
      const orderIds = [idOf(ORDER, 1234), idOf(ORDER, 51_234), idOf(ORDER, 101_234)];
      await expectIndexedReads('order history: orders by id', 'order', () =>
        createOrderLoaders(order).orderById.loadMany(orderIds),
      );
      await expectIndexedReads('order history: lines', 'order', () =>
        createOrderLoaders(order).orderLinesByOrderId.loadMany(orderIds),
      );
      await expectIndexedReads('order history: status history', 'order', () =>
        createOrderLoaders(order).statusHistoryByOrderId.loadMany(orderIds),
      );
      await expectIndexedReads('order history: payments', 'order', () =>
        createOrderLoaders(order).paymentsByOrderId.loadMany(orderIds),
      );
      await expectIndexedReads('order history: discounts', 'order', () =>
        createOrderLoaders(order).discountsByOrderId.loadMany(orderIds),
      );
    });
  });
});
