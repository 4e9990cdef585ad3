import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../shared/http-server.js';
import { startTestGateway } from '../../support/gateway.js';
import { readCounter } from '../../support/graphql.js';

// A hundred products with twenty reviews each: demand control estimates it at some 4300.
const COSTLY = '{ products(first: 100) { edges { node { reviews(first: 20) { edges { node { title } } } } } } }';
const CHEAP = ['{ __typename }', '{ products(first: 1) { edges { node { id } } } }'];
// Two costly queries fit, a third does not; the request count (generous here) never gets in the way.
const BUDGET = 9000;

interface Answer {
  status: number;
  retryAfter: string | null;
  costRemaining: number | null;
  data: unknown;
  extensions: Record<string, unknown> | undefined;
}

async function ask(gateway: RunningServer, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
  const remaining = response.headers.get('x-ratelimit-cost-remaining');
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    costRemaining: remaining === null ? null : Number(remaining),
    data: body.data,
    extensions: body.errors?.[0]?.extensions,
  };
}

/** A gateway with a small anonymous cost budget; gateways given one prefix share their budgets in Redis. */
function gatewayWithBudget(keyPrefix = `test-${randomUUID()}`): Promise<RunningServer> {
  return startTestGateway({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000',
    RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE: String(BUDGET),
    RATE_LIMIT_KEY_PREFIX: keyPrefix,
  });
}

const subgraphFetches = (gateway: RunningServer) =>
  readCounter(gateway.url, 'gateway_subgraph_fetch_duration_seconds_count');

describe('cost budgets', () => {
  let gateway: RunningServer;
  beforeAll(async () => {
    gateway = await gatewayWithBudget();
  });
  afterAll(() => gateway.close());

  it('let many cheap queries through where a few costly ones exhaust the budget, and refuse without calling a subgraph', async () => {
    // Fifty cheap queries: each spends its estimate, at least 1, and the header says what is left.
    let remaining = BUDGET;
    for (let n = 0; n < 50; n++) {
      const answer = await ask(gateway, CHEAP[n % 2] as string);
      expect(answer.status).toBe(200);
      expect(answer.costRemaining).toBeLessThan(remaining);
      expect(remaining - (answer.costRemaining as number)).toBeLessThanOrEqual(3);
      remaining = answer.costRemaining as number;
    }
    expect(BUDGET - remaining).toBeLessThan(200);

    // Each costly query spends thousands.
    const costs: number[] = [];
    for (let n = 0; n < 2; n++) {
      const answer = await ask(gateway, COSTLY);
      expect(answer.status).toBe(200);
      costs.push(remaining - (answer.costRemaining as number));
      remaining = answer.costRemaining as number;
    }
    expect(costs[0]).toBeGreaterThan(4000);
    expect(costs[1]).toBe(costs[0]);

    // The third does not fit: refused before planning, so no subgraph hears of it.
    const fetchesBefore = await subgraphFetches(gateway);
    const refused = await ask(gateway, COSTLY);
    expect(refused.status).toBe(429);
    expect(refused.data).toBeUndefined();
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: Number(refused.retryAfter),
      cost: costs[0],
      costBudgetRemaining: remaining,
    });
    expect(await subgraphFetches(gateway)).toBe(fetchesBefore);

    // The refusal spent nothing: what is left still serves cheap queries.
    const cheap = await ask(gateway, CHEAP[1] as string);
    expect(cheap.status).toBe(200);
    expect(remaining - (cheap.costRemaining as number)).toBe(3);
    remaining = cheap.costRemaining as number;

    // Nor does an operation refused by another check, here for a bad variable.
    const badInput = await ask(gateway, 'query ($n: Int) { products(first: $n) { edges { node { id } } } }', {
      n: 'many',
    });
    expect(badInput.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ask(gateway, '{ __typename }')).costRemaining).toBe(remaining - 1);
  });

  it('are one budget for every gateway replica sharing Redis, spent atomically', async () => {
    const prefix = `test-${randomUUID()}`;
    const [a, b] = await Promise.all([gatewayWithBudget(prefix), gatewayWithBudget(prefix)]);
    try {
      // Six costly queries at once, three through each replica: exactly two fit the one budget.
      const answers = await Promise.all([a, b, a, b, a, b].map((replica) => ask(replica, COSTLY)));
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(2);
      const refusals = answers.filter((answer) => answer.status === 429);
      expect(refusals).toHaveLength(4);
      for (const refusal of refusals) expect(refusal.extensions?.code).toBe('RATE_LIMITED');

      // Either replica now sees the same remainder.
      const [fromA, fromB] = [await ask(a, '{ __typename }'), await ask(b, '{ __typename }')];
      expect(fromA.status).toBe(200);
      expect(fromB.costRemaining).toBe((fromA.costRemaining as number) - 1);
      expect(fromA.costRemaining).toBeLessThan(BUDGET / 2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
