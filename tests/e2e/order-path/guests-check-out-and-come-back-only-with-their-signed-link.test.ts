import { describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { signLink } from '../../../subgraphs/order/src/domain/signed-links.js';
import { gateway } from '../../support/graphql.js';
import {
  asShopper,
  codes,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  notifyPayment,
  paymentFor,
  sql,
  stockOf,
} from './fixtures.js';

/**
 * Guest checkout through the gateway: a guest cart gets an e-mail and an address (checked as a
 * customer's are), becomes an order owned by the guest's link token, is paid by the signed
 * webhook, and is read back with that link alone.
 */

interface GuestCart {
  cartId: string;
  cartToken: string;
}

const LONDON = {
  recipient: 'Guest Shopper',
  line1: '10 Downing Street',
  city: 'London',
  postalCode: 'sw1a 2aa',
  country: 'GB',
};

async function guestCart(
  lines: { productId: string; quantity: number }[],
  codesToApply: string[] = [],
): Promise<GuestCart> {
  const created = await gateway<{ createCart: { cart: { id: string }; cartToken: string } }>(
    'mutation { createCart(currency: "EUR") { cart { id } cartToken } }',
  );
  expect(created.errors).toBeUndefined();
  const cart = {
    cartId: created.data?.createCart.cart.id as string,
    cartToken: created.data?.createCart.cartToken as string,
  };
  for (const line of lines) {
    const added = await gateway('mutation($input: CartLineInput!) { addCartLine(input: $input) { itemCount } }', {
      input: { ...cart, ...line },
    });
    expect(added.errors).toBeUndefined();
  }
  for (const code of codesToApply) {
    const applied = await gateway(
      'mutation($cartId: ID!, $cartToken: String, $code: String!) { applyPromotionCode(cartId: $cartId, cartToken: $cartToken, code: $code) { id } }',
      { ...cart, code },
    );
    expect(applied.errors).toBeUndefined();
  }
  return cart;
}

const SET_CONTACT =
  'mutation($cartId: ID!, $cartToken: String!, $email: String!) { setCartContact(cartId: $cartId, cartToken: $cartToken, email: $email) { contactEmail } }';
const SET_ADDRESS = `mutation($cartId: ID!, $cartToken: String!, $address: GuestAddressInput!) {
  setCartShippingAddress(cartId: $cartId, cartToken: $cartToken, address: $address) { shippingAddress { recipient line1 city postalCode region country } }
}`;

async function withGuestDetails(cart: GuestCart, email: string, address: Record<string, string> = LONDON) {
  const contact = await gateway(SET_CONTACT, { ...cart, email });
  expect(contact.errors).toBeUndefined();
  const shipping = await gateway(SET_ADDRESS, { ...cart, address });
  expect(shipping.errors).toBeUndefined();
}

interface GuestOrder {
  id: string;
  status: string;
  guestEmail: string | null;
  guestAccessToken: string | null;
  customer: { id: string } | null;
  total: { amount: string; currency: string };
  shippingAddress: { recipient: string; postalCode: string; country: string } | null;
}
const GUEST_ORDER_FIELDS =
  'id status guestEmail guestAccessToken customer { id } total { amount currency } shippingAddress { recipient postalCode country }';

function placeGuestOrder(cart: GuestCart, idempotencyKey: string = newId()) {
  return gateway<{ placeOrder: GuestOrder }>(
    `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${GUEST_ORDER_FIELDS} } }`,
    { input: { ...cart, idempotencyKey } },
  );
}

const READ_ORDER = `query($id: ID!, $accessToken: String) { order(id: $id, accessToken: $accessToken) { ${GUEST_ORDER_FIELDS} } }`;
const readOrder = (id: string, accessToken?: string) => gateway<{ order: GuestOrder }>(READ_ORDER, { id, accessToken });

const uniqueEmail = (name: string) => `${name}-${newId().toLowerCase()}@example.test`;

describe('a guest who checks out and pays', () => {
  it('places one order per idempotency key, pays it by the webhook and reads it, PAID, with its link alone', async () => {
    // A product of its own: the demo shop's stock is checked exactly elsewhere (the whole journey
    // on demo products, without any SQL, runs on a stack of its own in tests/e2e/journey/).
    const cart = await guestCart([{ productId: await newProduct({ units: 5 }), quantity: 1 }]);
    const email = uniqueEmail('guest.shopper');
    await withGuestDetails(cart, email.toUpperCase());

    const key = newId();
    const first = await placeGuestOrder(cart, key);
    const again = await placeGuestOrder(cart, key);

    expect(first.errors).toBeUndefined();
    const order = first.data?.placeOrder as GuestOrder;
    expect(order).toMatchObject({
      status: 'PENDING_PAYMENT',
      guestEmail: email,
      customer: null,
      shippingAddress: { recipient: 'Guest Shopper', postalCode: 'SW1A 2AA', country: 'GB' },
    });
    expect(order.guestAccessToken).toEqual(expect.any(String));
    expect(again.errors).toBeUndefined();
    expect(again.data?.placeOrder.id).toBe(order.id);

    // The cart token opened the cart; after checkout it opens nothing.
    const cartAfter = await gateway('query($id: ID!, $token: String) { cart(id: $id, cartToken: $token) { id } }', {
      id: cart.cartId,
      token: cart.cartToken,
    });
    expect(codes(cartAfter)).toEqual(['NOT_FOUND']);

    const paid = await notifyPayment(paymentFor(order));
    expect(paid.status).toBe(200);
    const read = await readOrder(order.id, order.guestAccessToken as string);
    expect(read.errors).toBeUndefined();
    expect(read.data?.order).toMatchObject({ id: order.id, status: 'PAID', guestEmail: email, guestAccessToken: null });
  });
});

describe('guest orders', () => {
  it('are unreachable without their link token, with a forged one, an expired one or another order’s', async () => {
    const product = await newProduct({ units: 5 });
    const [one, other] = await Promise.all(
      [1, 2].map(async () => {
        const cart = await guestCart([{ productId: product, quantity: 1 }]);
        await withGuestDetails(cart, uniqueEmail('guest'));
        const placed = await placeGuestOrder(cart);
        expect(placed.errors).toBeUndefined();
        return placed.data?.placeOrder as GuestOrder;
      }),
    );
    if (!one || !other) throw new Error('no orders');
    const token = one.guestAccessToken as string;
    const secret = inject('serviceEnv').ORDER_LINK_SECRET as string;
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'AB' : 'AA'}`;
    const expired = signLink(secret, 'guest-order', one.id, new Date(Date.now() - 1000));
    const signedWithAnotherKey = signLink('k'.repeat(43), 'guest-order', one.id, new Date(Date.now() + 60_000));

    for (const attempt of [undefined, forged, expired, signedWithAnotherKey, other.guestAccessToken as string]) {
      const response = await readOrder(one.id, attempt);
      expect(response.data?.order ?? null).toBeNull();
      expect(codes(response)).toEqual(['NOT_FOUND']);
    }
    const asSomeCustomer = await asShopper(await newShopper(), READ_ORDER, { id: one.id });
    expect(codes(asSomeCustomer)).toEqual(['NOT_FOUND']);
    expect((await readOrder(one.id, token)).data?.order.id).toBe(one.id);
  });

  it('refuse a bad e-mail or address, naming the field, and change nothing', async () => {
    const product = await newProduct({ units: 5 });
    const cart = await guestCart([{ productId: product, quantity: 1 }]);

    const badEmail = await gateway(SET_CONTACT, { ...cart, email: 'not an e-mail' });
    const badPostalCode = await gateway(SET_ADDRESS, { ...cart, address: { ...LONDON, postalCode: '12345' } });
    const noState = await gateway(SET_ADDRESS, {
      ...cart,
      address: { recipient: 'Guest', line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' },
    });
    const stranger = await gateway(SET_CONTACT, { ...cart, cartToken: 'not-the-token', email: uniqueEmail('x') });

    expect(badEmail.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(badPostalCode.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'address.postalCode',
    });
    expect(noState.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'address.region' });
    expect(codes(stranger)).toEqual(['NOT_FOUND']);
    const unchanged = await gateway<{ cart: { contactEmail: string | null; shippingAddress: unknown } }>(
      'query($id: ID!, $token: String) { cart(id: $id, cartToken: $token) { contactEmail shippingAddress { line1 } } }',
      { id: cart.cartId, token: cart.cartToken },
    );
    expect(unchanged.data?.cart).toEqual({ contactEmail: null, shippingAddress: null });

    const region = await gateway(SET_ADDRESS, {
      ...cart,
      address: {
        recipient: 'Guest',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '62701',
        region: 'Illinois',
        country: 'US',
      },
    });
    expect(region.data).toMatchObject({ setCartShippingAddress: { shippingAddress: { region: 'US-IL' } } });
  });

  it('are refused to a guest without an e-mail or an address, with the reason, and reserve nothing', async () => {
    const product = await newProduct({ units: 5 });
    const cart = await guestCart([{ productId: product, quantity: 2 }]);

    const noContact = await placeGuestOrder(cart);
    expect(noContact.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_CONTACT_EMAIL' });
    await gateway(SET_CONTACT, { ...cart, email: uniqueEmail('guest') });
    const noAddress = await placeGuestOrder(cart);
    expect(noAddress.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_SHIPPING_ADDRESS' });
    const anonymousWithoutToken = await gateway(
      'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
      { input: { cartId: cart.cartId, idempotencyKey: newId() } },
    );
    expect(codes(anonymousWithoutToken)).toEqual(['UNAUTHENTICATED']);
    expect(await stockOf(product)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('placed at the same moment never oversell, and two guests’ same idempotency key are two orders', async () => {
    const product = await newProduct({ units: 5 });
    const carts: GuestCart[] = [];
    for (let i = 0; i < 30; i += 10) {
      carts.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => {
            const cart = await guestCart([{ productId: product, quantity: 1 }]);
            await withGuestDetails(cart, uniqueEmail('rush'));
            return cart;
          }),
        )),
      );
    }
    const sharedKey = newId();

    const responses = await Promise.all(carts.map((cart) => placeGuestOrder(cart, sharedKey)));

    const placed = responses.filter((response) => response.data?.placeOrder);
    expect(placed).toHaveLength(5);
    expect(new Set(placed.map((response) => response.data?.placeOrder.id)).size).toBe(5);
    expect(responses.filter((response) => !response.data?.placeOrder).map(codes)).toEqual(
      Array.from({ length: 25 }, () => ['OUT_OF_STOCK']),
    );
    expect(await stockOf(product)).toEqual({ onHand: 5, reserved: 5 });
  }, 120_000);
});

describe('a per-customer promotion limit', () => {
  it('counts a guest’s uses by e-mail, across guest carts and the customer who has that e-mail', async () => {
    const product = await newProduct({ units: 20 });
    const promotion = await newPromotion({ perCustomerLimit: 1 });
    const code = promotion.code as string;
    const email = uniqueEmail('thrifty');

    const firstCart = await guestCart([{ productId: product, quantity: 1 }], [code]);
    await withGuestDetails(firstCart, email);
    const first = await placeGuestOrder(firstCart);
    expect(first.errors).toBeUndefined();

    const secondCart = await guestCart([{ productId: product, quantity: 1 }], [code]);
    await withGuestDetails(secondCart, email.toUpperCase());
    const second = await placeGuestOrder(secondCart);
    expect(codes(second)).toEqual(['PROMOTION_UNAVAILABLE']);
    expect(second.errors?.[0]?.extensions?.reasons).toEqual(['CUSTOMER_LIMIT_REACHED']);

    // A customer registered with that e-mail shares the limit.
    const shopper = await newShopper();
    const shopperEmail = (
      await sql('customer').query<{ email: string }>('SELECT email FROM customer WHERE id = $1', [shopper.subject])
    ).rows[0]?.email as string;
    const guestOfShopper = await guestCart([{ productId: product, quantity: 1 }], [code]);
    await withGuestDetails(guestOfShopper, shopperEmail);
    expect((await placeGuestOrder(guestOfShopper)).errors).toBeUndefined();
    const created = await asShopper<{ createCart: { cart: { id: string } } }>(
      shopper,
      'mutation { createCart(currency: "EUR") { cart { id } } }',
    );
    const cartId = created.data?.createCart.cart.id as string;
    await asShopper(shopper, 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }', {
      input: { cartId, productId: product, quantity: 1 },
    });
    await asShopper(
      shopper,
      'mutation($cartId: ID!, $code: String!) { applyPromotionCode(cartId: $cartId, code: $code) { id } }',
      {
        cartId,
        code,
      },
    );
    const own = await asShopper(shopper, 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', {
      input: { cartId, idempotencyKey: newId(), shippingAddressId: shopper.addressId },
    });
    expect(codes(own)).toEqual(['PROMOTION_UNAVAILABLE']);
  });
});

describe('a customer with the e-mail of guest orders', () => {
  it('attaches them with the claim mailed to that e-mail, and no one else can', async () => {
    const product = await newProduct({ units: 5 });
    const shopper = await newShopper();
    const stranger = await newShopper();
    const shopperEmail = (
      await sql('customer').query<{ email: string }>('SELECT email FROM customer WHERE id = $1', [shopper.subject])
    ).rows[0]?.email as string;
    const cart = await guestCart([{ productId: product, quantity: 1 }]);
    await withGuestDetails(cart, shopperEmail);
    const placed = (await placeGuestOrder(cart)).data?.placeOrder as GuestOrder;

    const requested = await asShopper<{ requestGuestOrderClaim: { guestOrders: number } }>(
      shopper,
      'mutation { requestGuestOrderClaim { guestOrders expiresAt } }',
    );
    expect(requested.errors).toBeUndefined();
    expect(requested.data?.requestGuestOrderClaim.guestOrders).toBe(1);
    // What the mailer would send: the one place this test reads a table, as no mailbox exists here.
    const mailed = await eventually(async () => {
      const rows = await sql('order').query<{ payload: { customerId: string; email: string; claimToken: string } }>(
        `SELECT payload FROM outbox_event WHERE type = 'GuestOrdersClaimRequested' AND payload->>'customerId' = $1`,
        [shopper.subject],
      );
      expect(rows.rows).toHaveLength(1);
      return rows.rows[0]?.payload as { email: string; claimToken: string };
    });
    expect(mailed.email).toBe(shopperEmail);

    const CLAIM = 'mutation($token: String!) { claimGuestOrders(claimToken: $token) { id customer { id } } }';
    const byStranger = await asShopper(stranger, CLAIM, { token: mailed.claimToken });
    expect(byStranger.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'claimToken' });
    const forged = await asShopper(shopper, CLAIM, { token: `${mailed.claimToken}x` });
    expect(codes(forged)).toEqual(['BAD_USER_INPUT']);

    const claimed = await asShopper<{ claimGuestOrders: { id: string; customer: { id: string } }[] }>(shopper, CLAIM, {
      token: mailed.claimToken,
    });
    expect(claimed.errors).toBeUndefined();
    expect(claimed.data?.claimGuestOrders).toEqual([{ id: placed.id, customer: { id: shopper.subject } }]);
    const again = await asShopper<{ claimGuestOrders: unknown[] }>(shopper, CLAIM, { token: mailed.claimToken });
    expect(again.data?.claimGuestOrders).toEqual([]);
    const history = await asShopper<{ me: { orders: { edges: { node: { id: string } }[] } } }>(
      shopper,
      '{ me { orders { edges { node { id } } } } }',
    );
    expect(history.data?.me.orders.edges.map((edge) => edge.node.id)).toContain(placed.id);
  });
});
