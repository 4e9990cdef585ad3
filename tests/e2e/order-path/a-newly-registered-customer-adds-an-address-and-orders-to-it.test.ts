import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { postGraphQL } from '../../support/graphql.js';
import { asShopper, newProduct, type Shopper } from './fixtures.js';

const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) { accessToken customer { id addresses { id } } }
}`;
const ADD_ADDRESS = `mutation($input: AddressInput!) {
  addAddress(input: $input) { id postalCode region isDefaultShipping }
}`;
const CREATE_CART = 'mutation { createCart(currency: "EUR") { cart { id } } }';
const ADD_LINE = 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id itemCount } }';
const ORDER_ADDRESS = 'shippingAddress { recipient line1 line2 city postalCode region country }';
const PLACE_ORDER = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status ${ORDER_ADDRESS} } }`;
const REMOVE_ADDRESS = 'mutation($id: ID!) { removeAddress(id: $id) { addresses { id } } }';
const ORDER = `query($id: ID!) { order(id: $id) { id ${ORDER_ADDRESS} } }`;

const SHIPPED_TO = {
  recipient: 'Dorothy Vaughan',
  line1: '350 Fifth Avenue',
  line2: 'Floor 21',
  city: 'New York',
  postalCode: '10118',
  region: 'US-NY',
  country: 'US',
};

describe('a newly registered customer', () => {
  it('adds an address, places an order to it, and the order keeps that address after it is removed', async () => {
    const registered = await postGraphQL<{
      register: { accessToken: string; customer: { id: string; addresses: [] } };
    }>(
      // Registration is open to anyone: no token.
      inject('gatewayUrl'),
      REGISTER,
      { input: { email: `new-${randomUUID()}@example.com`, password: 'a long passphrase', name: 'Dorothy Vaughan' } },
    );
    expect(registered.errors).toBeUndefined();
    const { accessToken, customer } = registered.data?.register ?? {
      accessToken: '',
      customer: { id: '', addresses: [] },
    };
    expect(customer.addresses).toEqual([]);
    const shopper: Shopper = { subject: customer.id, roles: ['customer'], token: accessToken, addressId: '' };

    const address = await asShopper<{ addAddress: { id: string; region: string; isDefaultShipping: boolean } }>(
      shopper,
      ADD_ADDRESS,
      { input: { ...SHIPPED_TO, region: 'new york', label: 'Office' } },
    );
    expect(address.errors).toBeUndefined();
    expect(address.data?.addAddress).toMatchObject({ region: 'US-NY', isDefaultShipping: true });
    const addressId = address.data?.addAddress.id as string;

    const product = await newProduct({ prices: { EUR: '9.50' }, units: 5 });
    const cart = await asShopper<{ createCart: { cart: { id: string } } }>(shopper, CREATE_CART);
    const cartId = cart.data?.createCart.cart.id as string;
    const line = await asShopper(shopper, ADD_LINE, { input: { cartId, productId: product, quantity: 1 } });
    expect(line.errors).toBeUndefined();
    const placed = await asShopper<{ placeOrder: { id: string; status: string; shippingAddress: unknown } }>(
      shopper,
      PLACE_ORDER,
      { input: { cartId, idempotencyKey: newId(), shippingAddressId: addressId } },
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data?.placeOrder).toMatchObject({ status: 'PENDING_PAYMENT', shippingAddress: SHIPPED_TO });
    const orderId = placed.data?.placeOrder.id as string;

    const removed = await asShopper(shopper, REMOVE_ADDRESS, { id: addressId });
    expect(removed.errors).toBeUndefined();
    expect(removed.data?.removeAddress).toEqual({ addresses: [] });
    const order = await asShopper<{ order: { shippingAddress: unknown } }>(shopper, ORDER, { id: orderId });
    expect(order.errors).toBeUndefined();
    expect(order.data?.order.shippingAddress).toEqual(SHIPPED_TO);
  });
});
