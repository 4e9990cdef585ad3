import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { EventVersionReusedError } from '../../../shared/events/inbox.js';
import { newId } from '../../../shared/ids.js';
import { MoneyDecimal } from '../../../shared/money.js';
import { connectCustomerDatabase } from '../../../subgraphs/customer/src/data/database.js';
import { createSegmentReader, segmentCacheKey } from '../../../subgraphs/customer/src/data/segments.js';
import { handleOrderEvent } from '../../../subgraphs/customer/src/jobs/order-events.js';
import { loadVipThresholds } from '../../../subgraphs/customer/src/segment-config.js';
import { orderEvent as anOrderEvent } from '../../support/events.js';
import { postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';
import {
  asService,
  EVALUATION_FIELDS,
  type EvaluationView,
  givenPromotion,
  promotionDb,
  reserve,
  reserveInput,
  timesUsed,
} from '../promotion-redemptions/redemptions.js';

/**
 * Segments are read by the running customer subgraph (as the promotion subgraph asks for them)
 * and by a reader of this file's own; order events are applied here, as the workers apply them,
 * so each test controls exactly which cache drops happen and which are lost.
 */

const db = connectCustomerDatabase({
  databaseUrl: inject('databaseUrls').customer,
  databaseSchema: 'customer',
  poolSize: 8,
});
const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 2 });
afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
});

const reader = createSegmentReader({ db, redis, thresholds: loadVipThresholds({}) });

async function givenCustomer(): Promise<string> {
  const id = newId();
  await db.customer.create({ data: { id, email: `segments-${id.toLowerCase()}@example.com`, name: 'Segment Tester' } });
  return id;
}

function orderEvent(
  type: string,
  orderId: string,
  payload: Record<string, unknown>,
  aggregateVersion = 1,
): DomainEvent {
  return anOrderEvent(type, orderId, aggregateVersion, payload);
}

const paid = (customerId: string | null, amount: string, orderId = newId(), currency = 'EUR') =>
  orderEvent('OrderPaid', orderId, { customerId, amount, currency, paymentEventId: `evt_${orderId}` });
const cancelled = (customerId: string, orderId: string) =>
  orderEvent(
    'OrderCancelled',
    orderId,
    { customerId, fromStatus: 'PAID', reason: 'test', actor: 'staff:test', refundPending: true },
    2,
  );

/** What the promotion subgraph is told: the running customer subgraph's answer, as `service`. */
async function segmentsServed(customerId: string): Promise<string[] | null> {
  const token = await mintToken('service-promotion', ['service']);
  const response = await postGraphQL<{ customerSegments: string[] | null }>(
    inject('subgraphUrls').customer,
    'query($id: ID!) { customerSegments(customerId: $id) }',
    { id: customerId },
    { authorization: `Bearer ${token}` },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.customerSegments ?? null;
}

/** In USD, where the demo shop's automatic promotion (EUR) does not compete with the test's code. */
async function evaluate(customerId: string | null, code: string): Promise<EvaluationView> {
  const response = await asService<{ evaluatePromotions: EvaluationView }>(
    `query($input: EvaluatePromotionsInput!) { evaluatePromotions(input: $input) { ${EVALUATION_FIELDS} } }`,
    { input: { customerId, currency: 'USD', subtotal: '100.00', codes: [code] } },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.evaluatePromotions as EvaluationView;
}

const facts = (customerId: string) => db.customerOrderFact.findMany({ where: { customerId } });

async function setMarketingEmail(customerId: string, value: boolean): Promise<void> {
  const token = await mintToken(customerId, ['customer']);
  const response = await postGraphQL(
    inject('subgraphUrls').customer,
    'mutation($value: Boolean!) { updatePreferences(input: { marketingEmail: $value }) { changes { id } } }',
    { value },
    { authorization: `Bearer ${token}` },
  );
  expect(response.errors).toBeUndefined();
}

describe('customer segments', () => {
  it('count a redelivered OrderPaid once, whether it comes again later or several times at once', async () => {
    const customerId = await givenCustomer();
    const event = paid(customerId, '400');
    const outcomes = await Promise.all([1, 2, 3].map(() => handleOrderEvent(db, redis, event)));
    expect(outcomes.sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    // Another event under the same version is no redelivery: it is refused and counts nothing.
    await expect(handleOrderEvent(db, redis, { ...event, id: newId() })).rejects.toBeInstanceOf(
      EventVersionReusedError,
    );
    expect(await facts(customerId)).toHaveLength(1);
    expect(await reader.segmentsOf(customerId)).toEqual([]);
    await handleOrderEvent(db, redis, paid(customerId, '600'));
    expect(await reader.segmentsOf(customerId)).toEqual(['RETURNING', 'VIP']);
  });

  it('never serve a cached entry whose drop was lost: the data version it names is outdated', async () => {
    const customerId = await givenCustomer();
    expect(await segmentsServed(customerId)).toEqual(['NEW']);
    const before = await redis.get(segmentCacheKey(customerId));
    expect(before).toContain('NEW');

    // Applied without a Redis client: the entry computed before stays in Redis.
    expect(await handleOrderEvent(db, null, paid(customerId, '1000.00'))).toBe('applied');
    expect(await redis.get(segmentCacheKey(customerId))).toBe(before);
    expect(await segmentsServed(customerId)).toEqual(['VIP']);
    expect(await reader.segmentsOf(customerId)).toEqual(['VIP']);

    // An old entry written back late (a slow reader's SET after the change) is not believed either.
    await redis.set(segmentCacheKey(customerId), before as string);
    expect(await segmentsServed(customerId)).toEqual(['VIP']);
  });

  it('let a segment-limited promotion see the new segment at once after an order event is applied', async () => {
    const customerId = await givenCustomer();
    const vipOnly = await givenPromotion({ segments: ['VIP'] });
    const code = vipOnly.code as string;
    expect((await evaluate(customerId, code)).rejected).toEqual([{ code, reason: 'NOT_IN_SEGMENT' }]);

    await handleOrderEvent(db, null, paid(customerId, '999.99'));
    expect((await evaluate(customerId, code)).rejected).toEqual([{ code, reason: 'NOT_IN_SEGMENT' }]);
    const orderId = newId();
    await handleOrderEvent(db, null, paid(customerId, '0.01', orderId));
    expect((await evaluate(customerId, code)).applied.map((a) => a.code)).toEqual([code]);

    // Reserving judges the segment again, at that moment.
    const reservation = reserveInput({ customerId, codes: [code] });
    expect((await reserve(reservation)).data?.reservePromotionUses.applied.map((applied) => applied.code)).toEqual([
      code,
    ]);

    await handleOrderEvent(db, null, cancelled(customerId, orderId));
    const refused = await reserve(reserveInput({ customerId, codes: [code] }));
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'PROMOTION_UNAVAILABLE',
      codes: [code],
      reasons: ['NOT_IN_SEGMENT'],
    });
    expect(await timesUsed(vipOnly.id)).toBe(1);
    expect((await evaluate(customerId, code)).rejected).toEqual([{ code, reason: 'NOT_IN_SEGMENT' }]);
    // A guest is in no segment.
    expect((await evaluate(null, code)).rejected).toEqual([{ code, reason: 'NOT_IN_SEGMENT' }]);
  });

  it('let a segment-limited promotion see a consent change at once, every time it changes', async () => {
    const customerId = await givenCustomer();
    const reachable = await givenPromotion({ segments: ['MARKETING_REACHABLE'] });
    const code = reachable.code as string;
    for (const consent of [true, false, true, false, true, false]) {
      await setMarketingEmail(customerId, consent);
      const evaluation = await evaluate(customerId, code);
      if (consent) expect(evaluation.applied.map((a) => a.code)).toEqual([code]);
      else expect(evaluation.rejected).toEqual([{ code, reason: 'NOT_IN_SEGMENT' }]);
    }
  });

  it('lose no order of a concurrent burst of order events for one customer', async () => {
    const customerId = await givenCustomer();
    const before = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
    const events = Array.from({ length: 20 }, () => paid(customerId, '60'));
    const outcomes = await Promise.all(events.map((event) => handleOrderEvent(db, redis, event)));
    expect(outcomes.every((outcome) => outcome === 'applied')).toBe(true);

    const rows = await facts(customerId);
    expect(rows).toHaveLength(20);
    expect(rows.reduce((sum, row) => sum.plus(row.amount.toString()), new MoneyDecimal(0)).toFixed()).toBe('1200');
    const after = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(after.dataVersion - before.dataVersion).toBe(20n);
    expect(await segmentsServed(customerId)).toEqual(['RETURNING', 'VIP']);

    await Promise.all(
      events.slice(0, 4).map((event) => handleOrderEvent(db, redis, cancelled(customerId, event.aggregateId))),
    );
    expect(await segmentsServed(customerId)).toEqual(['RETURNING']);
  });

  it('count guests’ orders for no one, and still record their events', async () => {
    const event = paid(null, '5000');
    expect(await handleOrderEvent(db, redis, event)).toBe('applied');
    expect(await db.customerOrderFact.findUnique({ where: { orderId: event.aggregateId } })).toBeNull();
  });

  it('are shown to the customer through the gateway, and customerSegments only to services', async () => {
    const customerId = await givenCustomer();
    await setMarketingEmail(customerId, true);
    const own = await postGraphQL<{ me: { segments: string[] } }>(
      inject('gatewayUrl'),
      '{ me { segments } }',
      {},
      { authorization: `Bearer ${await mintToken(customerId, ['customer'])}` },
    );
    expect(own.data?.me.segments).toEqual(['NEW', 'MARKETING_REACHABLE']);

    const ask = async (token: string, id: string, url = inject('subgraphUrls').customer) =>
      postGraphQL(
        url,
        'query($id: ID!) { customerSegments(customerId: $id) }',
        { id },
        {
          authorization: `Bearer ${token}`,
        },
      );
    const asCustomer = await ask(await mintToken(customerId, ['customer']), customerId);
    expect(asCustomer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const service = await mintToken('service-promotion', ['service']);
    const throughGateway = await ask(service, customerId, inject('gatewayUrl'));
    expect(throughGateway.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badId = await ask(service, 'x'.repeat(65));
    expect(badId.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect((await ask(service, newId())).data).toEqual({ customerSegments: null });
  });

  it('limit promotions only to segments the customer subgraph knows, even written past the code', async () => {
    const promotion = await givenPromotion();
    await expect(
      promotionDb().$executeRaw`UPDATE promotion SET segments = ARRAY['GOLD'] WHERE id = ${promotion.id}`,
    ).rejects.toThrow(/promotion_segments_known/);
    await expect(
      promotionDb().$executeRaw`UPDATE promotion SET segments = NULL WHERE id = ${promotion.id}`,
    ).rejects.toThrow(/promotion_segments_known/);
  });

  it('are computed from the database when Redis cannot be reached', async () => {
    const customerId = await givenCustomer();
    await handleOrderEvent(db, redis, paid(customerId, '1500', newId(), 'USD'));
    const down = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    down.on('error', () => {});
    const errors: string[] = [];
    const withoutCache = createSegmentReader({
      db,
      redis: down,
      thresholds: loadVipThresholds({}),
      onCacheError: (_error, operation) => errors.push(operation),
    });
    expect(await withoutCache.segmentsOf(customerId)).toEqual(['VIP']);
    expect(errors).toEqual(['read', 'write']);
    expect(await withoutCache.segmentsOf(newId())).toBeNull();
    down.disconnect();
  });
});
