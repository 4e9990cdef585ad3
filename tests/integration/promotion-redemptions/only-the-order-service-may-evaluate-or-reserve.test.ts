import { describe, expect, inject, it } from 'vitest';
import type { Role } from '../../../shared/auth/roles.js';
import { postGraphQL } from '../../support/graphql.js';
import { as } from '../../support/tokens.js';
import { EVALUATE, givenPromotion, RELEASE, RESERVE, reserveInput, timesUsed } from './redemptions.js';

const subgraphUrl = () => inject('subgraphUrls').promotion;
const STAFF: Role[] = [
  'customer',
  'support',
  'catalog_admin',
  'pricing_admin',
  'warehouse_admin',
  'order_admin',
  'moderator',
  'admin',
];

describe('the internal promotion API', () => {
  it('refuses anonymous callers and every role but service, reserving nothing', async () => {
    const promotion = await givenPromotion();
    const input = reserveInput({ codes: [promotion.code as string] });
    const operations: [string, Record<string, unknown>][] = [
      [RESERVE, { input }],
      [RELEASE, { orderId: input.orderId, reason: 'test' }],
      [EVALUATE, { input: { currency: 'SEK', subtotal: '1', codes: [] } }],
    ];
    for (const [query, variables] of operations) {
      const anonymous = await postGraphQL(subgraphUrl(), query, variables);
      expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      for (const role of STAFF) {
        const response = await as({ subject: `user-${role}`, roles: [role] }, query, variables, subgraphUrl());
        expect(
          response.errors?.map((e) => e.extensions?.code),
          role,
        ).toEqual(['FORBIDDEN']);
      }
    }
    expect(await timesUsed(promotion.id)).toBe(0);
  });

  it('is absent from the public supergraph', async () => {
    const response = await as({ subject: 'service-x', roles: ['service'] }, RESERVE, { input: reserveInput() });
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('lets support and admins see who used a promotion, and nobody else', async () => {
    const promotion = await givenPromotion();
    const query = `query($id: ID!) { promotionRedemptions(promotionId: $id) { edges { node { orderId status } } } }`;
    const support = await as({ subject: 'support-1', roles: ['support'] }, query, { id: promotion.id });
    expect(support.data).toEqual({ promotionRedemptions: { edges: [] } });
    const customer = await as({ subject: 'customer-1', roles: ['customer'] }, query, { id: promotion.id });
    expect(customer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
