import { describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import type { Role } from '../../../shared/auth/roles.js';
import { codes, postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';

const shop = buildDemoShop();
const [ada, grace] = shop.customers;
const graceOrder = shop.orders.find((order) => order.customerId === grace?.id);
const adaCart = shop.carts.find((cart) => cart.customerId === ada?.id);

async function as(subject: string | null, roles: Role[], query: string, variables: Record<string, unknown> = {}) {
  const headers: Record<string, string> = subject ? { authorization: `Bearer ${await mintToken(subject, roles)}` } : {};
  return postGraphQL(inject('gatewayUrl'), query, variables, headers);
}

describe('personal data', () => {
  const CUSTOMER = 'query($id: ID!) { customer(id: $id) { id name email phone addresses { city } } }';

  it('asks anonymous callers to sign in', async () => {
    expect(codes(await as(null, [], CUSTOMER, { id: ada?.id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('does not exist for another customer: their record answers NOT_FOUND exactly like a missing one', async () => {
    const other = await as(grace?.id ?? '', ['customer'], CUSTOMER, { id: ada?.id });
    const missing = await as(grace?.id ?? '', ['customer'], CUSTOMER, { id: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(other.data?.customer ?? null).toBeNull();
    expect(JSON.stringify(other.data)).not.toContain(ada?.email ?? 'x');
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    expect(other.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
  });

  it('is open to its owner and to support staff', async () => {
    for (const [subject, roles] of [
      [ada?.id ?? '', ['customer']],
      ['staff-1', ['support']],
    ] as const) {
      const response = await as(subject, [...roles], CUSTOMER, { id: ada?.id });
      expect(response.errors).toBeUndefined();
      expect(response.data?.customer).toMatchObject({ email: ada?.email, phone: ada?.phone });
    }
  });

  it('is not open to staff whose role has nothing to do with customers', async () => {
    expect(codes(await as('staff-2', ['pricing_admin'], CUSTOMER, { id: ada?.id }))).toEqual(['FORBIDDEN']);
  });

  it('leaves review authors’ names public but not their e-mail addresses', async () => {
    const names = await as(
      null,
      [],
      '{ products(first: 3) { edges { node { reviews(first: 1) { edges { node { author { name } } } } } } } }',
    );
    expect(names.errors).toBeUndefined();
    const emails = await as(
      null,
      [],
      '{ products(first: 3) { edges { node { reviews(first: 1) { edges { node { author { email } } } } } } } }',
    );
    expect(codes(emails)?.every((code) => code === 'UNAUTHENTICATED')).toBe(true);
    expect(JSON.stringify(emails.data)).not.toContain('@example.com');
  });
});

describe('orders and carts', () => {
  const ORDER = 'query($id: ID!) { order(id: $id) { id total { amount } } }';
  const CART = 'query($id: ID!) { cart(id: $id) { id itemCount } }';

  it('show an order to its customer only; to anyone else it does not exist', async () => {
    const own = await as(grace?.id ?? '', ['customer'], ORDER, { id: graceOrder?.id });
    expect(own.errors).toBeUndefined();
    expect(own.data?.order).toMatchObject({ id: graceOrder?.id });

    const other = await as(ada?.id ?? '', ['customer'], ORDER, { id: graceOrder?.id });
    const missing = await as(ada?.id ?? '', ['customer'], ORDER, { id: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(other.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
  });

  it('show a cart to its customer only', async () => {
    expect((await as(ada?.id ?? '', ['customer'], CART, { id: adaCart?.id })).data?.cart).toMatchObject({
      id: adaCart?.id,
    });
    expect(codes(await as(grace?.id ?? '', ['customer'], CART, { id: adaCart?.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await as(null, [], CART, { id: adaCart?.id }))).toEqual(['NOT_FOUND']);
  });

  it('keep a customer’s order history from other customers, also through the Customer entity', async () => {
    const query = 'query($id: ID!) { customer(id: $id) { orders { edges { node { id } } } } }';
    const own = await as(grace?.id ?? '', ['customer'], query, { id: grace?.id });
    expect(own.data?.customer).toEqual({ orders: { edges: [{ node: { id: graceOrder?.id } }] } });

    const entities =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { orders { edges { node { id } } } } } }';
    const direct = await postGraphQL(
      inject('subgraphUrls').order,
      entities,
      { r: [{ __typename: 'Customer', id: grace?.id }] },
      {
        authorization: `Bearer ${await mintToken(ada?.id ?? '', ['customer'])}`,
      },
    );
    expect(codes(direct)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(direct.data)).not.toContain(graceOrder?.id ?? 'x');
  });
});
