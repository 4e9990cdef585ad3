import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { priceCacheKeys } from '../../../subgraphs/pricing/src/domain/cache-entry.js';
import { codes } from '../../support/graphql.js';
import { as, type Caller } from '../../support/tokens.js';
import { asShopper, cartOf, eventually, newShopper, placeOrder, sql } from '../order-path/fixtures.js';

const CATALOG_ADMIN = { subject: 'staff-catalog-e2e', roles: ['catalog_admin' as const] };
const ADMIN = { subject: 'staff-admin-catalog-e2e', roles: ['admin' as const] };
const PRICING_ADMIN = { subject: 'staff-pricing-catalog-e2e', roles: ['pricing_admin' as const] };
const WAREHOUSE_ADMIN = { subject: 'staff-warehouse-catalog-e2e', roles: ['warehouse_admin' as const] };

const PRODUCT_FIELDS = 'id sku name description status version category { id slug } createdAt updatedAt';
const CREATE_CATEGORY = `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id slug name description version } }`;
const UPDATE_CATEGORY = `mutation($id: ID!, $input: UpdateCategoryInput!, $v: Int!) {
  updateCategory(id: $id, input: $input, expectedVersion: $v) { id slug name description version } }`;
const CREATE_PRODUCT = `mutation($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT_FIELDS} } }`;
const UPDATE_PRODUCT = `mutation($id: ID!, $input: UpdateProductInput!, $v: Int!) {
  updateProduct(id: $id, input: $input, expectedVersion: $v) { ${PRODUCT_FIELDS} } }`;
const PRODUCT = `query($id: ID!) { product(id: $id) { id status } }`;
const BY_SKU = `query($sku: String!) { productBySku(sku: $sku) { id } }`;

interface ProductView {
  id: string;
  sku: string;
  name: string;
  description: string;
  status: string;
  version: number;
  category: { id: string; slug: string };
}

const unique = () => newId().slice(-10).toLowerCase();

async function newCategory(caller: Caller = CATALOG_ADMIN) {
  const slug = `e2e-${unique()}`;
  const response = await as<{ createCategory: { id: string; slug: string; version: number } }>(
    caller,
    CREATE_CATEGORY,
    { input: { slug, name: `Category ${slug}` } },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.createCategory as { id: string; slug: string; version: number };
}

async function createProduct(input: Record<string, unknown>, caller: Caller = CATALOG_ADMIN): Promise<ProductView> {
  const response = await as<{ createProduct: ProductView }>(caller, CREATE_PRODUCT, { input });
  expect(response.errors).toBeUndefined();
  return response.data?.createProduct as ProductView;
}

function updateProduct(id: string, input: Record<string, unknown>, version: number, caller: Caller = CATALOG_ADMIN) {
  return as<{ updateProduct: ProductView }>(caller, UPDATE_PRODUCT, { id, input, v: version });
}

async function outboxOf(aggregateId: string) {
  const rows = await sql('catalog').query<{ type: string; version: number; payload: Record<string, unknown> }>(
    `SELECT type, aggregate_version AS version, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY aggregate_version`,
    [aggregateId],
  );
  return rows.rows;
}

describe('catalog staff', () => {
  it('create a category and a draft product that shoppers cannot see until it is ACTIVE', async () => {
    const category = await newCategory();
    const sku = `e2e-${unique()}`;
    const product = await createProduct({ sku, name: 'Gesha Natural', categoryId: category.id });
    expect(product).toMatchObject({
      sku: sku.toUpperCase(),
      name: 'Gesha Natural',
      description: '',
      status: 'DRAFT',
      version: 1,
      category: { id: category.id, slug: category.slug },
    });

    expect((await as(null, PRODUCT, { id: product.id })).data).toEqual({ product: null });
    expect((await as(null, BY_SKU, { sku })).data).toEqual({ productBySku: null });
    expect((await as(CATALOG_ADMIN, PRODUCT, { id: product.id })).data).toEqual({
      product: { id: product.id, status: 'DRAFT' },
    });

    const activated = await updateProduct(
      product.id,
      { status: 'ACTIVE', description: 'Jasmine, bergamot.' },
      1,
      ADMIN,
    );
    expect(activated.errors).toBeUndefined();
    expect(activated.data?.updateProduct).toMatchObject({
      status: 'ACTIVE',
      version: 2,
      description: 'Jasmine, bergamot.',
    });
    expect((await as(null, BY_SKU, { sku: `  ${sku}  ` })).data).toEqual({ productBySku: { id: product.id } });

    // Each change wrote its event in its own transaction, numbered like the product's versions.
    expect(await outboxOf(product.id)).toEqual([
      {
        type: 'ProductChanged',
        version: 1,
        payload: expect.objectContaining({
          status: 'DRAFT',
          previousStatus: null,
          version: 1,
          actor: 'staff:staff-catalog-e2e',
        }),
      },
      {
        type: 'ProductChanged',
        version: 2,
        payload: expect.objectContaining({
          status: 'ACTIVE',
          previousStatus: 'DRAFT',
          version: 2,
          actor: 'staff:staff-admin-catalog-e2e',
        }),
      },
    ]);
  });

  it('are refused an SKU another product has in any case, or a slug another category has (CONFLICT)', async () => {
    const category = await newCategory();
    const sku = `dup-${unique()}`;
    await createProduct({ sku, name: 'First', categoryId: category.id });
    const again = await as(CATALOG_ADMIN, CREATE_PRODUCT, {
      input: { sku: sku.toUpperCase(), name: 'Second', categoryId: category.id },
    });
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors?.[0]?.extensions?.field).toBe('input.sku');
    const count = await sql('catalog').query('SELECT 1 FROM product WHERE sku = $1', [sku.toUpperCase()]);
    expect(count.rowCount).toBe(1);

    const slugTaken = await as(CATALOG_ADMIN, CREATE_CATEGORY, { input: { slug: category.slug, name: 'Again' } });
    expect(codes(slugTaken)).toEqual(['CONFLICT']);
  });

  it('change a product only at the version they read: of two editors of one version exactly one wins', async () => {
    const category = await newCategory();
    const product = await createProduct({ sku: `v-${unique()}`, name: 'Versioned', categoryId: category.id });
    const [first, second] = await Promise.all([
      updateProduct(product.id, { name: 'Edited by one' }, 1),
      updateProduct(product.id, { name: 'Edited by another' }, 1),
    ]);
    const outcomes = [first, second].map((response) => (response.errors ? codes(response)?.[0] : 'ok')).sort();
    expect(outcomes).toEqual(['CONFLICT', 'ok']);
    const loser = [first, second].find((response) => response.errors);
    expect(loser?.errors?.[0]?.extensions?.currentVersion).toBe(2);
    expect(await outboxOf(product.id)).toHaveLength(2);

    const stale = await updateProduct(product.id, { name: 'Late' }, 1);
    expect(codes(stale)).toEqual(['CONFLICT']);
  });

  it('move a product forward only: DRAFT → ACTIVE → ARCHIVED, never back', async () => {
    const category = await newCategory();
    const product = await createProduct({
      sku: `s-${unique()}`,
      name: 'Statuses',
      categoryId: category.id,
      status: 'ACTIVE',
    });
    const archived = await updateProduct(product.id, { status: 'ARCHIVED' }, 1);
    expect(archived.data?.updateProduct.status).toBe('ARCHIVED');
    for (const status of ['ACTIVE', 'DRAFT']) {
      const back = await updateProduct(product.id, { status }, 2);
      expect(codes(back)).toEqual(['BAD_USER_INPUT']);
      expect(back.errors?.[0]?.extensions).toMatchObject({ field: 'input.status', from: 'ARCHIVED', to: status });
    }
    const row = await sql('catalog').query('SELECT status, version FROM product WHERE id = $1', [product.id]);
    expect(row.rows[0]).toEqual({ status: 'ARCHIVED', version: 2 });
  });

  it('get BAD_USER_INPUT naming the field for bad input, NOT_FOUND for what does not exist, and nothing changes', async () => {
    const category = await newCategory();
    const before = await sql('catalog').query('SELECT count(*)::int AS n FROM product');
    const bad: [Record<string, unknown>, string][] = [
      [{ sku: 'has space', name: 'x', categoryId: category.id }, 'input.sku'],
      [{ sku: 'A'.repeat(65), name: 'x', categoryId: category.id }, 'input.sku'],
      [{ sku: `ok-${unique()}`, name: '   ', categoryId: category.id }, 'input.name'],
      [{ sku: `ok-${unique()}`, name: '<b>bold</b>', categoryId: category.id }, 'input.name'],
      [{ sku: `ok-${unique()}`, name: 'x', categoryId: 'not-an-id' }, 'input.categoryId'],
    ];
    for (const [input, field] of bad) {
      const response = await as(CATALOG_ADMIN, CREATE_PRODUCT, { input });
      expect(codes(response), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
    }
    const unknownCategory = await as(CATALOG_ADMIN, CREATE_PRODUCT, {
      input: { sku: `ok-${unique()}`, name: 'x', categoryId: newId() },
    });
    expect(codes(unknownCategory)).toEqual(['NOT_FOUND']);
    const unknownProduct = await updateProduct(newId(), { name: 'x' }, 1);
    expect(codes(unknownProduct)).toEqual(['NOT_FOUND']);
    const badSlug = await as(CATALOG_ADMIN, CREATE_CATEGORY, { input: { slug: 'Not A Slug', name: 'x' } });
    expect(badSlug.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
    const after = await sql('catalog').query('SELECT count(*)::int AS n FROM product');
    // Other tests may add products meanwhile; none of these inputs did.
    const mine = await sql('catalog').query("SELECT 1 FROM product WHERE name IN ('x', '<b>bold</b>')");
    expect(mine.rowCount).toBe(0);
    expect(after.rows[0].n).toBeGreaterThanOrEqual(before.rows[0].n);
  });

  it('rename a category at the version they read', async () => {
    const category = await newCategory();
    const renamed = await as<{ updateCategory: { name: string; version: number; slug: string } }>(
      CATALOG_ADMIN,
      UPDATE_CATEGORY,
      { id: category.id, input: { name: 'Renamed' }, v: 1 },
    );
    expect(renamed.data?.updateCategory).toMatchObject({ name: 'Renamed', version: 2, slug: category.slug });
    const stale = await as(CATALOG_ADMIN, UPDATE_CATEGORY, { id: category.id, input: { name: 'Late' }, v: 1 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect((await outboxOf(category.id)).map((event) => event.type)).toEqual(['CategoryChanged', 'CategoryChanged']);
  });

  it('are the only ones who may change the catalog', async () => {
    const category = await newCategory();
    const input = { sku: `r-${unique()}`, name: 'Refused', categoryId: category.id };
    expect(codes(await as(null, CREATE_PRODUCT, { input }))).toEqual(['UNAUTHENTICATED']);
    for (const caller of [PRICING_ADMIN, WAREHOUSE_ADMIN, { subject: newId(), roles: ['customer' as const] }]) {
      expect(codes(await as(caller, CREATE_PRODUCT, { input }))).toEqual(['FORBIDDEN']);
    }
    const none = await sql('catalog').query('SELECT 1 FROM product WHERE sku = $1', [input.sku.toUpperCase()]);
    expect(none.rowCount).toBe(0);
  });

  it('archive a product: carts holding it show NOT_ON_SALE, placeOrder refuses it, and its cached prices are dropped', async () => {
    const category = await newCategory();
    const product = await createProduct({
      sku: `a-${unique()}`,
      name: 'To be archived',
      categoryId: category.id,
      status: 'ACTIVE',
    });
    const price = await as(PRICING_ADMIN, `mutation($input: SetPriceInput!) { setPrice(input: $input) { id } }`, {
      input: { productId: product.id, currency: 'EUR', amount: '12.50', reason: 'launch price for the e2e test' },
    });
    expect(price.errors).toBeUndefined();
    const stock = await as(
      WAREHOUSE_ADMIN,
      `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { available } }`,
      {
        input: {
          warehouseId: (await sql('warehouse').query('SELECT id FROM warehouse ORDER BY code LIMIT 1')).rows[0].id,
          productId: product.id,
          delta: 5,
          reason: 'first delivery for the e2e test',
        },
      },
    );
    expect(stock.errors).toBeUndefined();

    const shopper = await newShopper();
    const cartId = await cartOf(shopper, [{ productId: product.id, quantity: 1 }]);
    // The product page caches its price.
    const page = await as(null, `query($id: ID!) { product(id: $id) { price(currency: "EUR") { amount } } }`, {
      id: product.id,
    });
    expect(page.data).toEqual({ product: { price: { amount: '12.50' } } });

    const cacheEntry = priceCacheKeys(product.id, 'EUR')?.entry as string;
    const redis = new Redis(inject('redisUrl'), { lazyConnect: true });
    try {
      await eventually(async () => expect(await redis.exists(cacheEntry)).toBe(1));

      const archived = await updateProduct(product.id, { status: 'ARCHIVED' }, 1);
      expect(archived.errors).toBeUndefined();
      // The workers apply the ProductChanged event: the archived product's cached price is gone.
      await eventually(async () => expect(await redis.exists(cacheEntry)).toBe(0));
    } finally {
      redis.disconnect();
    }
    const applied = await sql('pricing').query(
      `SELECT 1 FROM processed_event WHERE consumer = 'pricing-catalog' AND aggregate_id = $1 AND aggregate_version = 2`,
      [product.id],
    );
    expect(applied.rowCount).toBe(1);

    const cart = await asShopper<{ cart: { problems: { code: string; productId: string }[] } }>(
      shopper,
      `query($id: ID!) { cart(id: $id) { problems { code productId } } }`,
      { id: cartId },
    );
    expect(cart.data?.cart.problems).toEqual([{ code: 'NOT_ON_SALE', productId: product.id }]);
    const refused = await placeOrder(shopper, cartId);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ON_SALE' });
  });
});
