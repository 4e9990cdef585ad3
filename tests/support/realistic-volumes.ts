import type { SubgraphName } from '../../shared/services.js';

/**
 * The shop at a realistic size, in one place: the hot-query plan check fills a database to these
 * volumes (and PostgreSQL plans differently for 100 rows than for 100,000, so it must be this
 * big). Each table is filled by one `INSERT … SELECT … FROM generate_series`, through the real
 * schema: its constraints, foreign keys, triggers and every index.
 */
export const VOLUMES = {
  categories: 200,
  products: 100_000,
  warehouses: 10,
  /** Each product is stocked in this many warehouses. */
  warehousesPerProduct: 3,
  stockMovements: 1_000_000,
  customers: 50_000,
  orders: 200_000,
  linesPerOrder: 2,
  /** An order's status changes: placed, then paid. */
  statusChangesPerOrder: 2,
  carts: 100_000,
  linesPerCart: 3,
  /** One cart in this many is empty: emptied by its order, or never filled. */
  emptyCartEvery: 5,
  /** Each product's price history: EUR now and before, USD now. */
  pricesPerProduct: 3,
  priceOverrides: 5_000,
  /** Reviews per product, each by a different customer. */
  reviewsPerProduct: 2,
  /** Mostly single-use codes handed out by campaigns; the first few are automatic (no code). */
  promotions: 20_000,
  automaticPromotions: 100,
  /** Every tenth order used a promotion. */
  ordersPerRedemption: 10,
} as const;

export const HOT_PATH_SUBGRAPHS = [
  'catalog',
  'warehouse',
  'pricing',
  'review',
  'order',
  'promotion',
] as const satisfies readonly SubgraphName[];
export type HotPathSubgraph = (typeof HOT_PATH_SUBGRAPHS)[number];

const V = VOLUMES;

/** SQL for the id of the `n`th row of a kind: 26 characters like a ULID, ordered like `n`. */
export const idSql = (prefix: string, n: string) => `'${prefix}' || lpad((${n})::text, ${26 - prefix.length}, '0')`;

/** The same ids, made in JavaScript, for the statements a test runs against the filled tables. */
export const idOf = (prefix: string, n: number) => `${prefix}${String(n).padStart(26 - prefix.length, '0')}`;

export const PRODUCT = 'PR';
export const CATEGORY = 'CA';
export const WAREHOUSE = 'WH';
export const CUSTOMER = 'CU';
export const ORDER = 'OR';
export const CART = 'CT';
export const REVIEW = 'RV';
export const PROMOTION = 'PM';

/** The `j`th warehouse (0-based) that stocks product `p`: products are spread over all warehouses. */
const warehouseOf = (p: string, j: string) => `(((${p}) + (${j})) % ${V.warehouses})`;
/** The `j`th product of order `o` (or of cart `o`): a product that the order's first warehouse stocks. */
const productOfLine = (o: string, j: string) => `(((${o}) * 7 + (${j}) * 13) % ${V.products})`;

const EPOCH = `timestamptz '2025-01-01 00:00:00+00'`;
const MOVEMENTS_PER_PRODUCT = V.stockMovements / V.products;

/** The statements that fill each subgraph's tables, in order (parents before children). */
export const FILL_STATEMENTS: Record<HotPathSubgraph, string[]> = {
  catalog: [
    `INSERT INTO category (id, slug, name)
     SELECT ${idSql(CATEGORY, 'c')}, 'category-' || c, 'Category ' || c FROM generate_series(0, ${V.categories - 1}) c`,
    `INSERT INTO product (id, sku, name, description, status, category_id, updated_at, created_at)
     SELECT ${idSql(PRODUCT, 'p')}, 'SKU-' || lpad(p::text, 7, '0'), 'Product ' || p || ' tea', 'Loose leaf ' || (p % 97),
            (CASE WHEN p % 20 = 0 THEN 'DRAFT' WHEN p % 20 = 1 THEN 'ARCHIVED' ELSE 'ACTIVE' END)::"ProductStatus",
            ${idSql(CATEGORY, `p % ${V.categories}`)}, ${EPOCH} + p * interval '1 minute', ${EPOCH} + p * interval '1 minute'
     FROM generate_series(0, ${V.products - 1}) p`,
  ],
  warehouse: [
    `INSERT INTO warehouse (id, code, name, country, priority)
     SELECT ${idSql(WAREHOUSE, 'w')}, 'WH' || w, 'Warehouse ' || w, (ARRAY['DE','FR','NL','IT','ES'])[1 + w % 5], w
     FROM generate_series(0, ${V.warehouses - 1}) w`,
    `INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, updated_at)
     SELECT ${idSql(WAREHOUSE, warehouseOf('p', 'j'))}, ${idSql(PRODUCT, 'p')}, 1000, 0, ${EPOCH}
     FROM generate_series(0, ${V.products - 1}) p, generate_series(0, ${V.warehousesPerProduct - 1}) j`,
    // Movements come product by product (each product's history together, its stock items in
    // turn), so every index is written near its end rather than all over: filling stays quick.
    `INSERT INTO stock_movement (id, warehouse_id, product_id, on_hand_delta, reserved_delta, kind, actor, reason, correlation_id, created_at)
     SELECT ${idSql('SM', 'm')},
            ${idSql(WAREHOUSE, warehouseOf(`m / ${MOVEMENTS_PER_PRODUCT}`, `m % ${V.warehousesPerProduct}`))},
            ${idSql(PRODUCT, `m / ${MOVEMENTS_PER_PRODUCT}`)}, 1 + m % 5, 0, 'ADJUST', 'system:fill', 'goods received',
            'corr-' || lpad(m::text, 8, '0'), ${EPOCH} + (m % ${MOVEMENTS_PER_PRODUCT}) * interval '1 day' + (m / ${MOVEMENTS_PER_PRODUCT}) * interval '1 second'
     FROM generate_series(0, ${V.stockMovements - 1}) m`,
    // One reservation per order: old ones committed, the newest thousand still held.
    `INSERT INTO reservation (id, order_id, status, expires_at, confirmed_at, customer_id, created_at, updated_at)
     SELECT ${idSql('RS', 'o')}, ${idSql(ORDER, 'o')},
            (CASE WHEN o >= ${V.orders - 1000} THEN 'HELD' ELSE 'COMMITTED' END)::"ReservationStatus",
            ${EPOCH} + o * interval '3 minutes' + interval '15 minutes',
            CASE WHEN o >= ${V.orders - 1000} THEN NULL ELSE ${EPOCH} + o * interval '3 minutes' END,
            ${idSql(CUSTOMER, `o % ${V.customers}`)}, ${EPOCH} + o * interval '3 minutes', ${EPOCH} + o * interval '3 minutes'
     FROM generate_series(0, ${V.orders - 1}) o`,
    `INSERT INTO reservation_line (reservation_id, warehouse_id, product_id, quantity)
     SELECT ${idSql('RS', 'o')}, ${idSql(WAREHOUSE, warehouseOf(productOfLine('o', 'j'), '0'))}, ${idSql(PRODUCT, productOfLine('o', 'j'))}, 1
     FROM generate_series(0, ${V.orders - 1}) o, generate_series(0, ${V.linesPerOrder - 1}) j`,
  ],
  pricing: [
    `INSERT INTO price (id, product_id, currency, amount, valid_from, valid_to, author, reason)
     SELECT ${idSql('PC', `p * ${V.pricesPerProduct} + v`)}, ${idSql(PRODUCT, 'p')}, (CASE WHEN v = 2 THEN 'USD' ELSE 'EUR' END),
            10 + (p % 500) + v, CASE WHEN v = 0 THEN ${EPOCH} ELSE ${EPOCH} + interval '1 year' END,
            CASE WHEN v = 0 THEN ${EPOCH} + interval '1 year' END, 'system:fill', 'list price'
     FROM generate_series(0, ${V.products - 1}) p, generate_series(0, ${V.pricesPerProduct - 1}) v`,
    `INSERT INTO price_override (id, product_id, currency, amount, reason, author, created_at, expires_at)
     SELECT ${idSql('PO', 'n')}, ${idSql(PRODUCT, `n * ${V.products / V.priceOverrides}`)}, 'EUR', 5, 'clearance', 'staff:fill',
            ${EPOCH} + interval '1 year', ${EPOCH} + interval '3 years'
     FROM generate_series(0, ${V.priceOverrides - 1}) n`,
    `INSERT INTO exchange_rate (base, quote, rate, source, published_on, fetched_at)
     VALUES ('EUR', 'USD', 1.08, 'fill', CURRENT_DATE, now()), ('EUR', 'GBP', 0.85, 'fill', CURRENT_DATE, now())`,
  ],
  review: [
    // Reviews come product by product, each of a product's reviews by a different customer.
    `INSERT INTO review (id, product_id, customer_id, rating, title, body, status, verified_purchase, created_at, updated_at)
     SELECT ${idSql(REVIEW, 'r')}, ${idSql(PRODUCT, `r / ${V.reviewsPerProduct}`)},
            ${idSql(CUSTOMER, `(17 * (r % ${V.reviewsPerProduct}) + r / ${V.reviewsPerProduct}) % ${V.customers}`)},
            1 + r % 5, 'Review ' || r, 'Tasted it, here is what I think.',
            (CASE WHEN r % 10 < 8 THEN 'APPROVED' ELSE 'PENDING' END)::"ReviewStatus", r % 2 = 0,
            ${EPOCH} + r * interval '2 minutes', ${EPOCH} + r * interval '2 minutes'
     FROM generate_series(0, ${V.products * V.reviewsPerProduct - 1}) r`,
    `INSERT INTO review_rating_summary (product_id, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
     SELECT product_id, count(*), sum(rating), count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
            count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)
     FROM review WHERE status = 'APPROVED' GROUP BY product_id`,
  ],
  order: [
    `INSERT INTO "order" (id, customer_id, status, currency, subtotal, discount_total, total, placed_at, updated_at,
                          idempotency_key, shipping_address, payment_due_at)
     SELECT ${idSql(ORDER, 'o')}, ${idSql(CUSTOMER, `o % ${V.customers}`)},
            (CASE WHEN o >= ${V.orders - 1000} THEN 'PENDING_PAYMENT' WHEN o % 50 = 0 THEN 'CANCELLED' ELSE 'DELIVERED' END)::"OrderStatus",
            'EUR', 40, CASE WHEN o % 10 = 0 THEN 5 ELSE 0 END, CASE WHEN o % 10 = 0 THEN 35 ELSE 40 END,
            ${EPOCH} + o * interval '3 minutes', ${EPOCH} + o * interval '3 minutes', 'key-' || o,
            '{"line1": "1 Tea Street", "city": "Berlin", "country": "DE"}'::jsonb, ${EPOCH} + o * interval '3 minutes' + interval '30 minutes'
     FROM generate_series(0, ${V.orders - 1}) o`,
    `INSERT INTO order_line (id, order_id, product_id, sku, product_name, quantity, unit_price, line_total, price_version_id)
     SELECT ${idSql('OL', `o * ${V.linesPerOrder} + j`)}, ${idSql(ORDER, 'o')}, ${idSql(PRODUCT, productOfLine('o', 'j'))},
            'SKU-' || lpad(${productOfLine('o', 'j')}::text, 7, '0'), 'Product ' || ${productOfLine('o', 'j')}, 1, 20, 20, NULL
     FROM generate_series(0, ${V.orders - 1}) o, generate_series(0, ${V.linesPerOrder - 1}) j`,
    `INSERT INTO order_status_change (id, order_id, from_status, to_status, actor, changed_at)
     SELECT ${idSql('OS', `o * ${V.statusChangesPerOrder} + s`)}, ${idSql(ORDER, 'o')},
            (CASE WHEN s = 0 THEN NULL ELSE 'PENDING_PAYMENT' END)::"OrderStatus",
            (CASE WHEN s = 0 THEN 'PENDING_PAYMENT' ELSE 'PAID' END)::"OrderStatus",
            'customer:' || ${idSql(CUSTOMER, `o % ${V.customers}`)}, ${EPOCH} + o * interval '3 minutes' + s * interval '1 minute'
     FROM generate_series(0, ${V.orders - 1}) o, generate_series(0, ${V.statusChangesPerOrder - 1}) s`,
    `INSERT INTO order_discount (order_id, promotion_id, code, name, amount)
     SELECT ${idSql(ORDER, 'o')}, ${idSql(PROMOTION, `o % ${V.automaticPromotions}`)}, NULL, 'Welcome', 5
     FROM generate_series(0, ${V.orders - 1}, ${V.ordersPerRedemption}) o`,
    `INSERT INTO payment_event (id, order_id, type, amount, currency, occurred_at, received_at, outcome)
     SELECT 'evt_' || o, ${idSql(ORDER, 'o')}, 'payment.succeeded', 40, 'EUR',
            ${EPOCH} + o * interval '3 minutes' + interval '1 minute', ${EPOCH} + o * interval '3 minutes' + interval '1 minute', 'APPLIED'
     FROM generate_series(0, ${V.orders - 1000 - 1}) o`,
    `INSERT INTO order_request (owner_key, idempotency_key, request_hash, order_id, completed, claimed_at)
     SELECT 'customer:' || ${idSql(CUSTOMER, `o % ${V.customers}`)}, 'key-' || o, md5(o::text) || md5((o + 1)::text),
            ${idSql(ORDER, 'o')}, true, ${EPOCH} + o * interval '3 minutes'
     FROM generate_series(0, ${V.orders - 1}) o`,
    // Half the carts belong to customers, half to guests (a token hash).
    `INSERT INTO cart (id, customer_id, token_hash, currency, updated_at, created_at)
     SELECT ${idSql(CART, 'c')}, CASE WHEN c % 2 = 0 THEN ${idSql(CUSTOMER, `(c / 2) % ${V.customers}`)} END,
            CASE WHEN c % 2 = 1 THEN md5(c::text) || md5((c + 1)::text) END, 'EUR',
            ${EPOCH} + c * interval '5 minutes', ${EPOCH} + c * interval '5 minutes'
     FROM generate_series(0, ${V.carts - 1}) c`,
    `INSERT INTO cart_line (id, cart_id, product_id, quantity, added_at)
     SELECT ${idSql('CL', `c * ${V.linesPerCart} + j`)}, ${idSql(CART, 'c')}, ${idSql(PRODUCT, productOfLine('c', 'j'))}, 1 + j,
            ${EPOCH} + c * interval '5 minutes' + j * interval '1 minute'
     FROM generate_series(0, ${V.carts - 1}) c, generate_series(0, ${V.linesPerCart - 1}) j
     WHERE c % ${V.emptyCartEvery} <> 0`,
  ],
  promotion: [
    `INSERT INTO promotion (id, code, name, kind, value, starts_at, ends_at, usage_limit, per_customer_limit, times_used, advertised, stackable)
     SELECT ${idSql(PROMOTION, 'p')}, CASE WHEN p >= ${V.automaticPromotions} THEN 'CODE' || lpad(p::text, 8, '0') END,
            'Promotion ' || p, 'PERCENTAGE', CASE WHEN p < ${V.automaticPromotions} THEN 1 ELSE 10 END, ${EPOCH} + (p % 500) * interval '1 day',
            CASE WHEN p % 3 = 0 THEN ${EPOCH} + (p % 500) * interval '1 day' + interval '30 days' END,
            CASE WHEN p >= ${V.automaticPromotions} THEN 1 END, CASE WHEN p % 2 = 0 THEN 1 END, 0, p < ${V.automaticPromotions}, true
     FROM generate_series(0, ${V.promotions - 1}) p`,
    `INSERT INTO promotion_redemption (id, promotion_id, order_id, customer_id, status, discount, currency, order_confirmed_at, created_at, updated_at)
     SELECT ${idSql('RD', 'o')}, ${idSql(PROMOTION, `o % ${V.automaticPromotions}`)}, ${idSql(ORDER, 'o')},
            ${idSql(CUSTOMER, `o % ${V.customers}`)}, 'CONFIRMED', 5, 'EUR', ${EPOCH} + o * interval '3 minutes',
            ${EPOCH} + o * interval '3 minutes', ${EPOCH} + o * interval '3 minutes'
     FROM generate_series(0, ${V.orders - 1}, ${V.ordersPerRedemption}) o`,
    `INSERT INTO promotion_customer_usage (promotion_id, customer_id, uses)
     SELECT promotion_id, customer_id, count(*) FROM promotion_redemption GROUP BY promotion_id, customer_id`,
  ],
};
