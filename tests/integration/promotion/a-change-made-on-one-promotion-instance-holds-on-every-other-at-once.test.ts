import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnService, stopService, waitUntilReady } from '../../../scripts/stack/processes.js';
import { newId } from '../../../shared/ids.js';
import { postGraphQL } from '../../support/graphql.js';
import { freshCode } from '../../support/promotions.js';
import { mintToken } from '../../support/tokens.js';

/**
 * Several promotion subgraph processes serve one shop. Each keeps compiled eligibility rules in
 * memory, keyed by the promotion's version, and reads the promotion itself from PostgreSQL on
 * every evaluation: a change saved through one process holds on the very next evaluation by any
 * other, with no restart and nothing to invalidate.
 */

const PROMOTION_FIELDS = 'id code version paused rule';
const CREATE = `mutation($input: PromotionInput!) { createPromotion(input: $input) { ${PROMOTION_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: PromotionChangesInput!) {
  updatePromotion(id: $id, expectedVersion: $v, input: $input) { ${PROMOTION_FIELDS} } }`;
const PAUSE = `mutation($id: ID!, $v: Int!) { pausePromotion(id: $id, expectedVersion: $v) { ${PROMOTION_FIELDS} } }`;
const EVALUATE = `query($input: EvaluatePromotionsInput!) {
  evaluatePromotions(input: $input) { discountTotal considered { promotionId applied reason } } }`;

interface PromotionView {
  id: string;
  code: string;
  version: number;
}

let other: { url: string; stop: () => Promise<void> };
const first = () => inject('subgraphUrls').promotion;

beforeAll(async () => {
  const service = spawnService(
    `promotion-${newId().slice(-6)}`,
    'subgraphs/promotion/src/main.ts',
    'source',
    { ...inject('serviceEnv'), PROMOTION_PORT: '0', LOG_LEVEL: 'warn' },
    () => {},
  );
  const base = `http://127.0.0.1:${await service.listening}`;
  await waitUntilReady(`${base}/health/ready`, service);
  other = { url: `${base}/graphql`, stop: () => stopService(service) };
}, 60_000);

afterAll(() => other?.stop());

async function call<T>(url: string, roles: ['promotion_admin'] | ['service'], query: string, variables: object) {
  const token = await mintToken(roles[0] === 'service' ? 'service-order' : 'staff-promotion-instances', roles);
  const response = await postGraphQL<T>(url, query, variables as Record<string, unknown>, {
    authorization: `Bearer ${token}`,
  });
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

/** What the promotion gives a 60 SEK basket, asked of one instance as checkout asks. */
async function outcomeAt(url: string, promotion: PromotionView) {
  const data = await call<{ evaluatePromotions: { considered: { promotionId: string; reason: string | null }[] } }>(
    url,
    ['service'],
    EVALUATE,
    { input: { customerId: null, currency: 'SEK', subtotal: '60.00', codes: [promotion.code] } },
  );
  return data.evaluatePromotions.considered.find((c) => c.promotionId === promotion.id)?.reason ?? 'APPLIED';
}

describe('two promotion subgraph processes', () => {
  it('agree on a rule changed through one of them from the next evaluation on', async () => {
    const { createPromotion: created } = await call<{ createPromotion: PromotionView }>(
      first(),
      ['promotion_admin'],
      CREATE,
      {
        input: {
          code: freshCode('INST'),
          name: 'Ten percent from 50',
          kind: 'PERCENTAGE',
          value: '10',
          advertised: false,
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          rule: { fact: 'subtotal', operator: 'greaterThanInclusive', value: 50 },
        },
      },
    );
    // Both instances compile version 1 of the rule and let the basket through.
    expect(await outcomeAt(first(), created)).toBe('APPLIED');
    expect(await outcomeAt(other.url, created)).toBe('APPLIED');

    const { updatePromotion: raised } = await call<{ updatePromotion: PromotionView }>(
      first(),
      ['promotion_admin'],
      UPDATE,
      {
        id: created.id,
        v: created.version,
        input: { rule: { fact: 'subtotal', operator: 'greaterThanInclusive', value: 100 } },
      },
    );
    expect(raised.version).toBe(2);
    expect(await outcomeAt(other.url, created)).toBe('RULE_NOT_MET');

    await call(first(), ['promotion_admin'], UPDATE, { id: created.id, v: 2, input: { rule: null } });
    expect(await outcomeAt(other.url, created)).toBe('APPLIED');

    await call(other.url, ['promotion_admin'], PAUSE, { id: created.id, v: 3 });
    expect(await outcomeAt(first(), created)).toBe('PAUSED');
  });
});
