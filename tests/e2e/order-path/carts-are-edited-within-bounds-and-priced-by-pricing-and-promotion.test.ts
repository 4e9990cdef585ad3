import { describe, expect, inject, it } from 'vitest';
import { postGraphQL } from '../../support/graphql.js';
import { asShopper, cartOf, codes, newProduct, newPromotion, newShopper, sql } from './fixtures.js';

const CART_FIELDS = `id currency itemCount promotionCodes
  lines { product { id } quantity unitPrice { amount currency } lineTotal { amount } }
  totals { subtotal { amount currency } discountTotal { amount } total { amount }
           appliedPromotions { code amount { amount } } rejectedCodes { code reason } unpricedProductIds }`;

interface CartView {
  id: string;
  currency: string;
  itemCount: number;
  promotionCodes: string[];
  lines: {
    product: { id: string };
    quantity: number;
    unitPrice: { amount: string; currency: string } | null;
    lineTotal: { amount: string } | null;
  }[];
  totals: {
    subtotal: { amount: string; currency: string };
    discountTotal: { amount: string };
    total: { amount: string };
    appliedPromotions: { code: string | null; amount: { amount: string } }[];
    rejectedCodes: { code: string; reason: string }[];
    unpricedProductIds: string[];
  };
}

const mutation = (name: string, args: string, params: string) =>
  `mutation(${params}) { ${name}(${args}) { ${CART_FIELDS} } }`;
const ADD = mutation('addCartLine', 'input: $input', '$input: CartLineInput!');
const UPDATE = mutation('updateCartLine', 'input: $input', '$input: CartLineInput!');
const REMOVE = mutation(
  'removeCartLine',
  'cartId: $cartId, productId: $productId, cartToken: $cartToken',
  '$cartId: ID!, $productId: ID!, $cartToken: String',
);
const CURRENCY = mutation(
  'setCartCurrency',
  'cartId: $cartId, currency: $currency, cartToken: $cartToken',
  '$cartId: ID!, $currency: String!, $cartToken: String',
);
const APPLY = mutation(
  'applyPromotionCode',
  'cartId: $cartId, code: $code, cartToken: $cartToken',
  '$cartId: ID!, $code: String!, $cartToken: String',
);
const UNAPPLY = mutation(
  'removePromotionCode',
  'cartId: $cartId, code: $code, cartToken: $cartToken',
  '$cartId: ID!, $code: String!, $cartToken: String',
);
const CREATE = `mutation($currency: String!) { createCart(currency: $currency) { cartToken cart { id } } }`;

/** A guest (no token at all) with a cart of their own. */
async function guestCart(currency = 'EUR') {
  const created = await postGraphQL<{ createCart: { cartToken: string; cart: { id: string } } }>(
    inject('gatewayUrl'),
    CREATE,
    { currency },
  );
  expect(created.errors).toBeUndefined();
  const cartId = created.data?.createCart.cart.id as string;
  const cartToken = created.data?.createCart.cartToken as string;
  const call = (query: string, variables: Record<string, unknown>) =>
    postGraphQL<Record<string, CartView>>(inject('gatewayUrl'), query, variables);
  return { cartId, cartToken, call };
}

describe('a guest cart', () => {
  it('adds, updates and removes lines with its token, priced by pricing and promotion', async () => {
    const mug = await newProduct({ prices: { EUR: '12.50', USD: '13.00' }, units: 5 });
    const tea = await newProduct({ prices: { EUR: '4.00', USD: '4.50' }, units: 5 });
    const rare = await newProduct({ prices: { GBP: '99.00' }, units: 5 });
    const { cartId, cartToken, call } = await guestCart();

    await call(ADD, { input: { cartId, cartToken, productId: mug, quantity: 2 } });
    const added = await call(ADD, { input: { cartId, cartToken, productId: mug, quantity: 1 } });
    expect(added.errors).toBeUndefined();
    expect(added.data?.addCartLine?.lines).toEqual([
      {
        product: { id: mug },
        quantity: 3,
        unitPrice: { amount: '12.50', currency: 'EUR' },
        lineTotal: { amount: '37.50' },
      },
    ]);

    await call(ADD, { input: { cartId, cartToken, productId: tea, quantity: 1 } });
    const updated = await call(UPDATE, { input: { cartId, cartToken, productId: tea, quantity: 4 } });
    // Over 50 EUR the demo shop's automatic 15% applies: 8.025, rounded half to even to 8.02.
    expect(updated.data?.updateCartLine).toMatchObject({
      itemCount: 7,
      totals: {
        subtotal: { amount: '53.50' },
        discountTotal: { amount: '8.02' },
        total: { amount: '45.48' },
        appliedPromotions: [{ code: null, amount: { amount: '8.02' } }],
      },
    });

    // In dollars: dollar prices, and no euro-only promotion.
    await call(ADD, { input: { cartId, cartToken, productId: rare, quantity: 1 } });
    const dollars = await call(CURRENCY, { cartId, cartToken, currency: 'USD' });
    expect(dollars.errors).toBeUndefined();
    expect(dollars.data?.setCartCurrency?.totals).toMatchObject({
      subtotal: { amount: '57.00', currency: 'USD' },
      total: { amount: '57.00' },
      appliedPromotions: [],
      // Priced in pounds only: listed, never silently priced.
      unpricedProductIds: [rare],
    });
    expect(dollars.data?.setCartCurrency?.lines.find((line) => line.product.id === rare)?.unitPrice).toBeNull();

    const removed = await call(REMOVE, { cartId, cartToken, productId: rare });
    expect(removed.data?.removeCartLine?.lines.map((line) => line.product.id)).toEqual([mug, tea]);
  });

  it('is changed by nobody without its token, and nothing changes', async () => {
    const product = await newProduct({ units: 5 });
    const { cartId, cartToken, call } = await guestCart();
    await call(ADD, { input: { cartId, cartToken, productId: product, quantity: 1 } });
    expect(codes(await call(ADD, { input: { cartId, productId: product, quantity: 1 } }))).toEqual(['NOT_FOUND']);
    expect(
      codes(await call(ADD, { input: { cartId, cartToken: 'x'.repeat(43), productId: product, quantity: 1 } })),
    ).toEqual(['NOT_FOUND']);
    const stranger = await newShopper();
    expect(codes(await asShopper(stranger, REMOVE, { cartId, productId: product }))).toEqual(['NOT_FOUND']);
    const lines = await sql('order').query<{ quantity: number }>('SELECT quantity FROM cart_line WHERE cart_id = $1', [
      cartId,
    ]);
    expect(lines.rows).toEqual([{ quantity: 1 }]);
  });
});

describe('cart bounds', () => {
  it('refuse quantities outside 1..999 and lines beyond 999 units, naming the field, changing nothing', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const cartId = await cartOf(shopper, []);
    for (const quantity of [0, -1, 1000]) {
      const response = await asShopper(shopper, ADD, { input: { cartId, productId: product, quantity } });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe('quantity');
    }
    expect(
      (await asShopper(shopper, ADD, { input: { cartId, productId: product, quantity: 999 } })).errors,
    ).toBeUndefined();
    const over = await asShopper(shopper, ADD, { input: { cartId, productId: product, quantity: 1 } });
    expect(codes(over)).toEqual(['BAD_USER_INPUT']);
    const unknown = await asShopper(shopper, ADD, {
      input: { cartId, productId: '01KZZZZZZZZZZZZZZZZZZZZZZZ', quantity: 1 },
    });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
    expect(codes(await asShopper(shopper, CURRENCY, { cartId, currency: 'XXX' }))).toEqual(['BAD_USER_INPUT']);
    const lines = await sql('order').query<{ quantity: number }>('SELECT quantity FROM cart_line WHERE cart_id = $1', [
      cartId,
    ]);
    expect(lines.rows).toEqual([{ quantity: 999 }]);
  });

  it('refuse a 101st line', async () => {
    const shopper = await newShopper();
    const cartId = await cartOf(shopper, []);
    const products = await Promise.all(Array.from({ length: 101 }, () => newProduct({ units: 1 })));
    // The first hundred lines go straight into the table: the bound is what is tested here.
    await sql('order').query(
      `INSERT INTO cart_line (id, cart_id, product_id, quantity)
       SELECT 'L' || lpad(n::text, 25, '0'), $1, p, 1 FROM unnest($2::text[]) WITH ORDINALITY AS t(p, n)`,
      [cartId, products.slice(0, 100)],
    );
    const response = await asShopper(shopper, ADD, { input: { cartId, productId: products[100], quantity: 1 } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
  });
});

describe('a cart edited from many tabs at once', () => {
  it('loses no update: 30 parallel additions of one unit make 30 units', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const cartId = await cartOf(shopper, []);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => asShopper(shopper, ADD, { input: { cartId, productId: product, quantity: 1 } })),
    );
    expect(responses.map((response) => response.errors)).toEqual(responses.map(() => undefined));
    const lines = await sql('order').query<{ quantity: number }>('SELECT quantity FROM cart_line WHERE cart_id = $1', [
      cartId,
    ]);
    expect(lines.rows).toEqual([{ quantity: 30 }]);
  });
});

describe('promotion codes on a cart', () => {
  it('apply a known code, refuse an unknown one, and show one below its minimum as not applying', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ prices: { EUR: '20.00' }, units: 5 });
    const tenPercent = await newPromotion({ value: '10' });
    const bigSpender = await newPromotion({
      kind: 'FIXED_AMOUNT',
      value: '5',
      currency: 'EUR',
      minimumSubtotal: '100',
      stackable: true,
    });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 2 }]);

    const applied = await asShopper<{ applyPromotionCode: CartView }>(shopper, APPLY, {
      cartId,
      code: (tenPercent.code as string).toLowerCase(),
    });
    expect(applied.errors).toBeUndefined();
    expect(applied.data?.applyPromotionCode.promotionCodes).toEqual([tenPercent.code]);
    expect(applied.data?.applyPromotionCode.totals).toMatchObject({
      subtotal: { amount: '40.00' },
      discountTotal: { amount: '4.00' },
      total: { amount: '36.00' },
      appliedPromotions: [{ code: tenPercent.code, amount: { amount: '4.00' } }],
    });

    const unknown = await asShopper(shopper, APPLY, { cartId, code: 'NO-SUCH-CODE-123' });
    expect(codes(unknown)).toEqual(['PROMOTION_UNAVAILABLE']);
    expect(codes(await asShopper(shopper, APPLY, { cartId, code: 'no spaces please' }))).toEqual(['BAD_USER_INPUT']);

    const below = await asShopper<{ applyPromotionCode: CartView }>(shopper, APPLY, { cartId, code: bigSpender.code });
    expect(below.data?.applyPromotionCode.totals.rejectedCodes).toEqual([
      { code: bigSpender.code, reason: 'MINIMUM_NOT_MET' },
    ]);
    // The cart explains every promotion it judged: the applied one and the one that did not apply, with why.
    const considered = await asShopper<{
      cart: {
        totals: {
          promotionsConsidered: {
            code: string | null;
            applied: boolean;
            amount: { amount: string };
            reason: string | null;
          }[];
        };
      };
    }>(
      shopper,
      `query($id: ID!) { cart(id: $id) { totals { promotionsConsidered { code applied amount { amount } reason } } } }`,
      {
        id: cartId,
      },
    );
    expect(considered.errors).toBeUndefined();
    const mine = considered.data?.cart.totals.promotionsConsidered.filter((p) => p.code !== null);
    expect(mine).toEqual([
      { code: tenPercent.code, applied: true, amount: { amount: '4.00' }, reason: null },
      { code: bigSpender.code, applied: false, amount: { amount: '0.00' }, reason: 'MINIMUM_NOT_MET' },
    ]);

    const removed = await asShopper<{ removePromotionCode: CartView }>(shopper, UNAPPLY, {
      cartId,
      code: tenPercent.code,
    });
    expect(removed.data?.removePromotionCode.promotionCodes).toEqual([bigSpender.code]);
    expect(removed.data?.removePromotionCode.totals.discountTotal.amount).toBe('0.00');
  });
});
