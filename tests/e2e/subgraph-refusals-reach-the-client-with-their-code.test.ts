import { describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../scripts/demo/shop.js';
import { postGraphQL } from '../support/graphql.js';
import { mintToken } from '../support/tokens.js';

const [product] = buildDemoShop().products;

describe('a request a subgraph refuses as a whole', () => {
  it('reaches the client as the subgraph’s BAD_USER_INPUT, not as an opaque gateway error', async () => {
    // The gateway passes DateTime values through; the pricing subgraph's scalar refuses a date
    // without a time and zone before any resolver runs (HTTP 400 from the subgraph).
    const response = await postGraphQL(
      inject('gatewayUrl'),
      `mutation($input: SetPriceOverrideInput!) { setPriceOverride(input: $input) { id } }`,
      {
        input: {
          productId: product?.id,
          currency: 'CHF',
          amount: '1.00',
          reason: 'a date without a time',
          expiresAt: '2030-01-01',
        },
      },
      { authorization: `Bearer ${await mintToken('staff-pricing', ['pricing_admin'])}` },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain('DateTime');
    expect(JSON.stringify(response.errors)).not.toContain('127.0.0.1');
  });
});
