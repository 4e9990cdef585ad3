import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { postGraphQL } from '../../support/graphql.js';
import { startIsolatedStack } from '../../support/isolated-stack.js';
import { as } from '../../support/tokens.js';
import { eventually, notifyPayment, paymentFor, shopIn } from '../order-path/fixtures.js';

/**
 * What a storefront does for a shopper, request by request, through the gateway alone: nothing
 * is arranged in a database. The products are the demo shop's, on a stack of this file's own
 * (with its workers, which commit paid orders' stock), so the demo's stock stays as seeded for
 * the suite's other tests.
 */

const stack = await startIsolatedStack('journey', {});
await stack.startWorkers();
await shopIn(stack);

const WAREHOUSE_ADMIN = { subject: `staff-${newId()}`, roles: ['warehouse_admin' as const] };

function send<TData = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string) {
  return postGraphQL<TData>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});
}

async function unitsOf(sku: string): Promise<{ productId: string; onHand: number; reserved: number }> {
  const response = await as<{ productBySku: { id: string; stockLevels: { onHand: number; reserved: number }[] } }>(
    WAREHOUSE_ADMIN,
    'query($sku: String!) { productBySku(sku: $sku) { id stockLevels { onHand reserved } } }',
    { sku },
    stack.gatewayUrl,
  );
  expect(response.errors).toBeUndefined();
  const product = response.data?.productBySku;
  if (!product) throw new Error(`no product ${sku}`);
  return {
    productId: product.id,
    onHand: product.stockLevels.reduce((sum, level) => sum + level.onHand, 0),
    reserved: product.stockLevels.reduce((sum, level) => sum + level.reserved, 0),
  };
}

describe('a new customer, through the API alone', () => {
  it('fills a guest cart, registers with it, adds an address, applies a code, orders, pays, and sees the order paid with its stock committed', async () => {
    const tea = await unitsOf('TEA-009');
    const brewer = await unitsOf('BRW-009');

    const guest = await send<{ createCart: { cart: { id: string }; cartToken: string } }>(
      'mutation { createCart(currency: "EUR") { cart { id } cartToken } }',
      {},
    );
    expect(guest.errors).toBeUndefined();
    const { cart, cartToken } = guest.data?.createCart ?? { cart: { id: '' }, cartToken: '' };
    const added = await send('mutation($input: CartLineInput!) { addCartLine(input: $input) { itemCount } }', {
      input: { cartId: cart.id, productId: tea.productId, quantity: 2, cartToken },
    });
    expect(added.errors).toBeUndefined();

    const email = `journey-${newId().toLowerCase()}@example.com`;
    const registered = await send<{
      register: {
        accessToken: string;
        guestCartMerged: boolean;
        customer: { id: string; cart: { id: string; itemCount: number } };
      };
    }>(
      `mutation($input: RegisterInput!, $guestCart: GuestCartInput) {
        register(input: $input, guestCart: $guestCart) { accessToken guestCartMerged customer { id cart { id itemCount } } }
      }`,
      {
        input: { email, password: 'a journey passphrase', name: 'Journey Shopper' },
        guestCart: { id: cart.id, token: cartToken },
      },
    );
    expect(registered.errors).toBeUndefined();
    const account = registered.data?.register;
    if (!account) throw new Error('register answered nothing');
    expect(account.guestCartMerged).toBe(true);
    expect(account.customer.cart.itemCount).toBe(2);
    const token = account.accessToken;
    const cartId = account.customer.cart.id;

    const address = await send<{ addAddress: { id: string } }>(
      'mutation($input: AddressInput!) { addAddress(input: $input) { id } }',
      {
        input: {
          label: 'Home',
          recipient: 'Journey Shopper',
          line1: '221B Baker Street',
          city: 'London',
          postalCode: 'nw1 6xe',
          country: 'GB',
          phone: '020 7946 0000',
        },
      },
      token,
    );
    expect(address.errors).toBeUndefined();
    const addressId = address.data?.addAddress.id as string;

    const more = await send(
      'mutation($input: CartLineInput!) { addCartLine(input: $input) { itemCount } }',
      { input: { cartId, productId: brewer.productId, quantity: 1 } },
      token,
    );
    expect(more.errors).toBeUndefined();
    const coded = await send<{
      applyPromotionCode: { problems: unknown[]; totals: { discountTotal: { amount: string } } };
    }>(
      'mutation($cartId: ID!) { applyPromotionCode(cartId: $cartId, code: "WELCOME10") { problems { code } totals { discountTotal { amount } } } }',
      { cartId },
      token,
    );
    expect(coded.errors).toBeUndefined();
    expect(coded.data?.applyPromotionCode.problems).toEqual([]);
    expect(Number(coded.data?.applyPromotionCode.totals.discountTotal.amount)).toBeGreaterThan(0);

    const placed = await send<{
      placeOrder: {
        id: string;
        status: string;
        total: { amount: string; currency: string };
        shippingAddress: { postalCode: string };
      };
    }>(
      `mutation($input: PlaceOrderInput!) {
        placeOrder(input: $input) { id status total { amount currency } shippingAddress { postalCode } }
      }`,
      { input: { cartId, idempotencyKey: newId(), shippingAddressId: addressId } },
      token,
    );
    expect(placed.errors).toBeUndefined();
    const order = placed.data?.placeOrder;
    if (!order) throw new Error('placeOrder answered nothing');
    expect(order).toMatchObject({ status: 'PENDING_PAYMENT', shippingAddress: { postalCode: 'NW1 6XE' } });

    expect((await notifyPayment(paymentFor(order))).status).toBe(200);

    await eventually(async () => {
      const mine = await send<{ me: { orders: { edges: { node: { id: string; status: string } }[] } } }>(
        '{ me { orders(first: 5) { edges { node { id status } } } } }',
        {},
        token,
      );
      expect(mine.data?.me.orders.edges.map((edge) => edge.node)).toEqual([{ id: order.id, status: 'PAID' }]);
    });
    // Paid: the units left the warehouse (on hand down), and nothing of them stays reserved.
    await eventually(async () => {
      expect(await unitsOf('TEA-009')).toMatchObject({ onHand: tea.onHand - 2, reserved: tea.reserved });
      expect(await unitsOf('BRW-009')).toMatchObject({ onHand: brewer.onHand - 1, reserved: brewer.reserved });
    });
  }, 60_000);

  it('as a guest: fills a cart, gives an e-mail and an address, orders, pays, and reads the order PAID with its link', async () => {
    const mugs = await unitsOf('CUP-004');
    const started = await send<{ createCart: { cart: { id: string }; cartToken: string } }>(
      'mutation { createCart(currency: "EUR") { cart { id } cartToken } }',
      {},
    );
    const { cart, cartToken } = started.data?.createCart ?? { cart: { id: '' }, cartToken: '' };
    const steps = [
      send('mutation($input: CartLineInput!) { addCartLine(input: $input) { itemCount } }', {
        input: { cartId: cart.id, productId: mugs.productId, quantity: 3, cartToken },
      }),
    ];
    expect((await Promise.all(steps)).map((step) => step.errors)).toEqual([undefined]);
    const contact = await send(
      'mutation($cartId: ID!, $cartToken: String!) { setCartContact(cartId: $cartId, cartToken: $cartToken, email: "Journey.Guest@Example.com") { contactEmail } }',
      { cartId: cart.id, cartToken },
    );
    expect(contact.errors).toBeUndefined();
    const address = await send(
      `mutation($cartId: ID!, $cartToken: String!, $address: GuestAddressInput!) {
        setCartShippingAddress(cartId: $cartId, cartToken: $cartToken, address: $address) { shippingAddress { region } }
      }`,
      {
        cartId: cart.id,
        cartToken,
        address: {
          recipient: 'Journey Guest',
          line1: '1 Main Street',
          city: 'Springfield',
          postalCode: '62701',
          region: 'illinois',
          country: 'US',
        },
      },
    );
    expect(address.errors).toBeUndefined();
    expect(address.data).toEqual({ setCartShippingAddress: { shippingAddress: { region: 'US-IL' } } });

    const placed = await send<{
      placeOrder: { id: string; total: { amount: string; currency: string }; guestAccessToken: string };
    }>(
      'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id total { amount currency } guestAccessToken } }',
      { input: { cartId: cart.id, idempotencyKey: newId(), cartToken } },
    );
    expect(placed.errors).toBeUndefined();
    const order = placed.data?.placeOrder;
    if (!order) throw new Error('placeOrder answered nothing');
    expect((await notifyPayment(paymentFor(order))).status).toBe(200);

    const read = await send<{ order: { status: string; guestEmail: string } }>(
      'query($id: ID!, $link: String) { order(id: $id, accessToken: $link) { status guestEmail } }',
      { id: order.id, link: order.guestAccessToken },
    );
    expect(read.data?.order).toEqual({ status: 'PAID', guestEmail: 'journey.guest@example.com' });
    await eventually(async () => {
      expect(await unitsOf('CUP-004')).toMatchObject({ onHand: mugs.onHand - 3, reserved: mugs.reserved });
    });
  }, 60_000);
});
