import { describe, expect, it } from 'vitest';
import { as } from '../../support/tokens.js';
import { asShopper, cartOf, codes, newProduct, newShopper, placeOrder, type Shopper, sql } from './fixtures.js';

const CART = `query($id: ID!) {
  cart(id: $id) {
    id
    lines { product { id } quantity problems { code message quantityAvailable } }
    problems { code productId message quantityAvailable }
  }
}`;

interface Problem {
  code: string;
  productId?: string | null;
  message: string;
  quantityAvailable: number | null;
}

interface CartView {
  id: string;
  lines: { product: { id: string }; quantity: number; problems: Problem[] | null }[];
  problems: Problem[] | null;
}

const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { available } }`;
const WAREHOUSE_ADMIN = { subject: 'staff-warehouse-carts', roles: ['warehouse_admin' as const] };

async function cartAsShopper(shopper: Shopper, id: string): Promise<CartView> {
  const response = await asShopper<{ cart: CartView }>(shopper, CART, { id });
  expect(response.errors).toBeUndefined();
  return response.data?.cart as CartView;
}

/** Takes every unit of the product off the shelf, as warehouse staff do through the API. */
async function sellOut(productId: string): Promise<void> {
  const stock = await sql('warehouse').query<{ warehouseId: string; onHand: number }>(
    'SELECT warehouse_id AS "warehouseId", on_hand AS "onHand" FROM stock_item WHERE product_id = $1',
    [productId],
  );
  for (const row of stock.rows) {
    const response = await as(WAREHOUSE_ADMIN, ADJUST, {
      input: { warehouseId: row.warehouseId, productId, delta: -row.onHand, reason: 'stock count: none left' },
    });
    expect(response.errors).toBeUndefined();
  }
}

describe('a cart warns before checkout', () => {
  it('of nothing when every line can be ordered as it is', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 5 }]);
    const cart = await cartAsShopper(shopper, cartId);
    expect(cart.problems).toEqual([]);
    expect(cart.lines).toEqual([{ product: { id: product }, quantity: 5, problems: [] }]);
  });

  it('of a product sold out after it was added (OUT_OF_STOCK) or short of units (INSUFFICIENT_STOCK), as placeOrder refuses', async () => {
    const shopper = await newShopper();
    const soldOut = await newProduct({ units: 3 });
    const scarce = await newProduct({ units: 2 });
    const cartId = await cartOf(shopper, [
      { productId: soldOut, quantity: 1 },
      { productId: scarce, quantity: 4 },
    ]);
    await sellOut(soldOut);

    const cart = await cartAsShopper(shopper, cartId);
    expect(cart.problems).toEqual([
      { code: 'OUT_OF_STOCK', productId: soldOut, message: 'This product is out of stock', quantityAvailable: 0 },
      {
        code: 'INSUFFICIENT_STOCK',
        productId: scarce,
        message: 'Only 2 of the 4 units can be ordered now',
        quantityAvailable: 2,
      },
    ]);
    expect(cart.lines.map((line) => line.problems?.map((problem) => problem.code))).toEqual([
      ['OUT_OF_STOCK'],
      ['INSUFFICIENT_STOCK'],
    ]);

    const refused = await placeOrder(shopper, cartId);
    expect(codes(refused)).toEqual(['OUT_OF_STOCK']);
    expect(refused.errors?.[0]?.extensions?.productIds).toEqual(expect.arrayContaining([soldOut]));
  });

  it('of a product archived after it was added (NOT_ON_SALE), which the cart keeps and placeOrder refuses with that reason', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    const archived = await as(
      { subject: 'staff-catalog-carts', roles: ['catalog_admin'] },
      `mutation($id: ID!) { updateProduct(id: $id, input: { status: ARCHIVED }, expectedVersion: 1) { status } }`,
      { id: product },
    );
    expect(archived.errors).toBeUndefined();

    const cart = await cartAsShopper(shopper, cartId);
    expect(cart.lines).toHaveLength(1);
    expect(cart.problems).toEqual([
      {
        code: 'NOT_ON_SALE',
        productId: product,
        message: 'This product is no longer on sale',
        quantityAvailable: null,
      },
    ]);

    const refused = await placeOrder(shopper, cartId);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_ON_SALE',
      productIds: [product],
    });
  });

  it('of a product without a price in the cart’s currency (UNPRICED), accepted into the cart and refused by placeOrder', async () => {
    const shopper = await newShopper();
    const poundsOnly = await newProduct({ prices: { GBP: '20.00' }, units: 5 });
    const cartId = await cartOf(shopper, [{ productId: poundsOnly, quantity: 1 }]);

    const cart = await cartAsShopper(shopper, cartId);
    expect(cart.problems).toEqual([
      { code: 'UNPRICED', productId: poundsOnly, message: 'This product has no price in EUR', quantityAvailable: null },
    ]);
    expect(cart.lines[0]?.problems).toEqual([
      { code: 'UNPRICED', message: 'This product has no price in EUR', quantityAvailable: null },
    ]);

    const refused = await placeOrder(shopper, cartId);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'UNPRICED',
      productIds: [poundsOnly],
    });
  });

  it('of an empty cart (EMPTY_CART), as placeOrder refuses it', async () => {
    const shopper = await newShopper();
    const cartId = await cartOf(shopper, []);
    const cart = await cartAsShopper(shopper, cartId);
    expect(cart.problems).toEqual([
      { code: 'EMPTY_CART', productId: null, message: 'The cart is empty', quantityAvailable: null },
    ]);
    const refused = await placeOrder(shopper, cartId);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EMPTY_CART' });
  });
});
