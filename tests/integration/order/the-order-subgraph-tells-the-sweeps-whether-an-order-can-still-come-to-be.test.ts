import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { codes, postGraphQL } from '../../support/graphql.js';
import { askTheOrderSubgraph, givenPlacedOrder } from '../../support/order-placements.js';
import { mintToken } from '../../support/tokens.js';

const order = new pg.Pool({
  connectionString: inject('databaseUrls').order,
  options: '-c search_path="order"',
  max: 2,
});
afterAll(() => order.end());

/** An unfinished idempotency claim naming `orderId`, as a checkout leaves it while it runs (or when it died). */
async function givenOpenClaim(orderId: string, claimedAgo: string): Promise<void> {
  await order.query(
    `INSERT INTO order_request (owner_key, idempotency_key, request_hash, order_id, completed, claimed_at)
     VALUES ($1, $2, $3, $4, false, now() - $5::interval)`,
    [`customer:${newId()}`, `key-${newId()}`, 'f'.repeat(64), orderId, claimedAgo],
  );
}

const ask = askTheOrderSubgraph();
const QUERY = 'query($ids: [ID!]!) { orderPlacements(orderIds: $ids) { orderId state status } }';

describe('orderPlacements', () => {
  it('says PLACED with the status for an order, NOT_PLACED for an id nobody holds, and PLACING while a checkout holds it', async () => {
    const [placed, unknown, placing] = [newId(), newId(), newId()];
    await givenPlacedOrder(placed, 'PAID');
    await givenOpenClaim(placing, '1 second');

    const answers = await ask([placed, unknown, placing]);

    expect([...answers.values()]).toEqual([
      { orderId: placed, state: 'PLACED', status: 'PAID' },
      { orderId: unknown, state: 'NOT_PLACED', status: null },
      { orderId: placing, state: 'PLACING', status: null },
    ]);
  });

  it('takes a claim older than the payment window and its grace for a checkout that died: NOT_PLACED', async () => {
    // The suite's payment window is the default 30 minutes; the grace is 10 more.
    const died = newId();
    const stillWithinGrace = newId();
    await givenOpenClaim(died, '41 minutes');
    await givenOpenClaim(stillWithinGrace, '39 minutes');

    const answers = await ask([died, stillWithinGrace]);

    expect(answers.get(died)?.state).toBe('NOT_PLACED');
    expect(answers.get(stillWithinGrace)?.state).toBe('PLACING');
  });

  it('answers only the service role, and at most 500 ids at once', async () => {
    const url = inject('subgraphUrls').order;
    const asCustomer = await postGraphQL(
      url,
      QUERY,
      { ids: [newId()] },
      {
        authorization: `Bearer ${await mintToken(newId(), ['customer'])}`,
      },
    );
    expect(codes(asCustomer)).toEqual(['FORBIDDEN']);
    const tooMany = await postGraphQL(
      url,
      QUERY,
      { ids: Array.from({ length: 501 }, () => newId()) },
      {
        authorization: `Bearer ${await mintToken('service:test', ['service'])}`,
      },
    );
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });
});
