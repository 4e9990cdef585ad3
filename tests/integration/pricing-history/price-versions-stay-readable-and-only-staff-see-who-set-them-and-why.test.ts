import { describe, expect, it } from 'vitest';
import { UNKNOWN_ID } from '../../support/entities.js';
import {
  ADMIN,
  type Caller,
  CUSTOMER,
  codes,
  freshProductId,
  PRICING_ADMIN,
  pricing,
  setPrice,
  VERSION_FIELDS,
} from '../pricing/pricing-support.js';

const ENTITIES = (fields: string) => /* GraphQL */ `
  query($representations: [_Any!]!) { _entities(representations: $representations) { ... on PriceVersion { ${fields} product { id } } } }`;

const reference = (id: string) => ({ __typename: 'PriceVersion', id });

describe('PriceVersion references (what an order line points at)', () => {
  it('resolve old and current versions by id, in order, an unknown id as null, for anyone', async () => {
    const productId = freshProductId();
    const old = await setPrice(productId, { currency: 'CZK', amount: '250.00' });
    const current = await setPrice(productId, { currency: 'CZK', amount: '275.50' });
    const response = await pricing<{ _entities: unknown[] }>(null, ENTITIES(VERSION_FIELDS), {
      representations: [reference(current.id), reference(UNKNOWN_ID), reference(old.id)],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      { ...withoutStaffFields(current), validTo: null, product: { id: productId } },
      null,
      { ...withoutStaffFields(old), validTo: current.validFrom, product: { id: productId } },
    ]);
  });

  it('show who set a version and why to pricing admins and admins', async () => {
    const productId = freshProductId();
    const version = await setPrice(productId, { currency: 'CZK', reason: 'Prague store opening prices' });
    for (const caller of [PRICING_ADMIN, ADMIN]) {
      const response = await pricing<{ _entities: { author: string; reason: string }[] }>(
        caller,
        ENTITIES('author reason'),
        {
          representations: [reference(version.id)],
        },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities[0]).toMatchObject({
        author: `staff:${PRICING_ADMIN.subject}` as const,
        reason: 'Prague store opening prices',
      });
    }
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', null],
    ['a customer', 'FORBIDDEN', CUSTOMER],
  ] as [string, string, Caller | null][])('hide who set a version and why from %s (%s)', async (_who, code, caller) => {
    const productId = freshProductId();
    const version = await setPrice(productId, { currency: 'CZK' });
    const response = await pricing(caller, ENTITIES('id author reason'), { representations: [reference(version.id)] });
    expect(new Set(codes(response))).toEqual(new Set([code]));
    expect(JSON.stringify(response.data)).not.toContain(PRICING_ADMIN.subject);
  });

  it('keep the price history itself for staff', async () => {
    const productId = freshProductId();
    await setPrice(productId, { currency: 'CZK' });
    const query = /* GraphQL */ `
      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { priceHistory(currency: "CZK") { id } } } }`;
    const representations = [{ __typename: 'Product', id: productId }];
    expect(codes(await pricing(CUSTOMER, query, { representations }))).toEqual(['FORBIDDEN']);
    expect((await pricing(PRICING_ADMIN, query, { representations })).errors).toBeUndefined();
  });
});

function withoutStaffFields<T extends { author?: string; reason?: string }>(version: T) {
  const { author: _author, reason: _reason, ...rest } = version;
  return rest;
}
