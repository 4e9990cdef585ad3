import { describe, expect, it } from 'vitest';
import { activeProducts, must } from '../../support/entities.js';
import { mintToken } from '../../support/tokens.js';
import { post, stackGatewayUrl } from './support.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const product = must(activeProducts[0], 'an active product');

const PRODUCTS = 'query($first: Int!) { products(first: $first) { edges { node { id } } } }';
const SET_OVERRIDE = 'mutation($input: SetPriceOverrideInput!) { setPriceOverride(input: $input) { id } }';
const OVERRIDES = 'query($id: ID!) { product(id: $id) { priceOverrides(currency: "EUR") { id } } }';
const UPDATE_STATUS = 'mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { id } }';

const overrideInput = (expiresAt: unknown) => ({
  productId: product.id,
  currency: 'EUR',
  amount: '1.00',
  reason: 'A bad variable must never set this price',
  expiresAt,
});

interface Answer {
  status: number;
  contentType: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function send(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await post(stackGatewayUrl(), { query, variables }, headers);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Answer['body'],
  } satisfies Answer;
}

/** Every kind of variable a client can get wrong, with the variable it is about. */
const BAD_VARIABLES: [string, string, Record<string, unknown>, string][] = [
  ['a wrong type', PRODUCTS, { first: 'ten' }, 'first'],
  ['a missing required variable', PRODUCTS, {}, 'first'],
  ['null for a non-null variable', PRODUCTS, { first: null }, 'first'],
  [
    'an unknown enum value',
    UPDATE_STATUS,
    { input: { orderId: '01KZZZZZZZZZZZZZZZZZZZZZZZ', status: 'TELEPORTED', reason: 'never applied' } },
    'input',
  ],
  ['a DateTime that does not parse', SET_OVERRIDE, { input: overrideInput('next tuesday') }, 'input'],
  ['a DateTime without a time zone', SET_OVERRIDE, { input: overrideInput('2030-01-02T10:00:00') }, 'input'],
];

describe('a bad variable', () => {
  it.each(BAD_VARIABLES)(
    'is refused as %s with HTTP 400 and BAD_USER_INPUT naming the variable, running nothing',
    async (_what, query, variables, variable) => {
      const answer = await send(query, variables, { accept: GRAPHQL_RESPONSE });
      expect(answer.status).toBe(400);
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable });
      expect(answer.body.errors?.[0]?.message).toContain(`$${variable}`);
    },
  );

  it.each(BAD_VARIABLES)(
    'is refused as %s with HTTP 400 to a client that sends no Accept preference',
    async (_what, query, variables, variable) => {
      const answer = await send(query, variables, { accept: '*/*' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable });
    },
  );

  it.each(BAD_VARIABLES)(
    'is refused as %s with HTTP 200 (and the same error) to a client asking for application/json',
    async (_what, query, variables, variable) => {
      const answer = await send(query, variables, { accept: 'application/json' });
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable });
    },
  );

  it('with a DateTime never reaches pricing, even from a pricing admin', async () => {
    const headers = { authorization: `Bearer ${await mintToken('pricing-staff-variables', ['pricing_admin'])}` };
    const overrides = async () => {
      const answer = await send(OVERRIDES, { id: product.id }, headers);
      expect(answer.body.errors).toBeUndefined();
      return (answer.body.data as { product: { priceOverrides: unknown[] } }).product.priceOverrides;
    };
    const before = await overrides();
    const refused = await send(SET_OVERRIDE, { input: overrideInput('in a week') }, headers);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'input' });
    expect(await overrides()).toEqual(before);
    // A date that parses reaches pricing, whose own rule (the future only) refuses it as a field.
    const past = await send(SET_OVERRIDE, { input: overrideInput('2001-01-01T00:00:00Z') }, headers);
    expect(past.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expiresAt' });
    expect(await overrides()).toEqual(before);
  });
});

describe('a DateTime literal that does not parse', () => {
  it('is refused by the gateway as a validation error (HTTP 400), before pricing is called', async () => {
    const headers = { authorization: `Bearer ${await mintToken('pricing-staff-literals', ['pricing_admin'])}` };
    const literal = `mutation { setPriceOverride(input: {
      productId: "${product.id}", currency: "EUR", amount: "1.00",
      reason: "A bad literal must never set this price", expiresAt: "2030-01-01"
    }) { id } }`;
    const answer = await send(literal, {}, { ...headers, accept: GRAPHQL_RESPONSE });
    expect(answer.status).toBe(400);
    expect(answer.body).not.toHaveProperty('data');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.body.errors?.[0]?.message).toContain('DateTime');
  });
});
