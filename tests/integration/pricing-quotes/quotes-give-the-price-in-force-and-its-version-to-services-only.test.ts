import { describe, expect, it } from 'vitest';
import {
  as,
  type Caller,
  CUSTOMER,
  codes,
  freshProductId,
  PRICING_ADMIN,
  pricing,
  SERVICE,
  setPrice,
} from '../pricing/pricing-support.js';

const QUOTE = /* GraphQL */ `
  query($currency: String!, $ids: [ID!]!) { quotePrices(currency: $currency, productIds: $ids) { productId currency unitPrice priceVersionId } }`;
const VERSION = /* GraphQL */ `
  query($r: [_Any!]!) { _entities(representations: $r) { ... on PriceVersion { id kind amount { amount currency } } } }`;

describe('quotePrices (for the order subgraph)', () => {
  it('quotes the list price in force with its version, at the currency’s minor units', async () => {
    const productId = freshProductId();
    await setPrice(productId, { currency: 'USD', amount: '9.00' });
    const current = await setPrice(productId, { currency: 'USD', amount: '9.995' });
    const response = await pricing<{ quotePrices: unknown[] }>(SERVICE, QUOTE, {
      currency: 'USD',
      ids: [productId, productId],
    });
    expect(response.errors).toBeUndefined();
    // 9.995 → 10.00 (half to even), as Product.price shows it; the same id twice is quoted once.
    expect(response.data?.quotePrices).toEqual([
      { productId, currency: 'USD', unitPrice: '10.00', priceVersionId: current.id },
    ]);
  });

  it('quotes a running override, and its id resolves as an OVERRIDE price version', async () => {
    const productId = freshProductId();
    await setPrice(productId, { currency: 'USD', amount: '30.00' });
    const override = await as<{ setPriceOverride: { id: string } }>(
      PRICING_ADMIN,
      'mutation($input: SetPriceOverrideInput!) { setPriceOverride(input: $input) { id } }',
      {
        input: {
          productId,
          currency: 'USD',
          amount: '25.00',
          reason: 'Clearance before the new range',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      },
    );
    const overrideId = override.data?.setPriceOverride.id;
    const response = await pricing<{ quotePrices: { priceVersionId: string; unitPrice: string }[] }>(SERVICE, QUOTE, {
      currency: 'USD',
      ids: [productId],
    });
    expect(response.data?.quotePrices).toEqual([
      { productId, currency: 'USD', unitPrice: '25.00', priceVersionId: overrideId },
    ]);
    const version = await pricing(null, VERSION, { r: [{ __typename: 'PriceVersion', id: overrideId }] });
    expect(version.data).toEqual({
      _entities: [{ id: overrideId, kind: 'OVERRIDE', amount: { amount: '25.00', currency: 'USD' } }],
    });
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', null],
    ['a customer', 'FORBIDDEN', CUSTOMER],
    ['a pricing admin', 'FORBIDDEN', PRICING_ADMIN],
  ] as [string, string, Caller | null][])('is refused to %s (%s)', async (_who, code, caller) => {
    expect(codes(await pricing(caller, QUOTE, { currency: 'EUR', ids: [freshProductId()] }))).toEqual([code]);
  });

  it('is not part of the public API: the gateway does not know it', async () => {
    const response = await as(SERVICE, QUOTE, { currency: 'EUR', ids: [freshProductId()] });
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it.each([
    ['an unknown currency', { currency: 'XXX', ids: [] }, 'currency'],
    ['an id that is not a ULID', { currency: 'EUR', ids: ['01KDVDNA06S723H82GXNDCXWZR', 'nope'] }, 'productIds.1'],
    ['more than 500 ids', { currency: 'EUR', ids: Array.from({ length: 501 }, freshProductId) }, 'productIds'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, variables, field) => {
    const response = await pricing(SERVICE, QUOTE, variables);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('answers with no quotes, not an error, when none of the products has a price', async () => {
    const response = await pricing(SERVICE, QUOTE, { currency: 'EUR', ids: [freshProductId(), freshProductId()] });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ quotePrices: [] });
  });
});
