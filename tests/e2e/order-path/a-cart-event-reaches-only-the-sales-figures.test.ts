import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { CART_AGGREGATE } from '../../../shared/events/order-events.js';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import type { SubgraphName } from '../../../shared/services.js';
import { eventQueueName } from '../../../workers/src/queues.js';
import { cartOf, eventually, newProduct, newShopper, sql } from './fixtures.js';

/**
 * A cart's round of shopping (CartFilled) is published for the sales figures. The order's other
 * consumers subscribe without carts, so the relay never queues it for them: they do not spend a
 * job and a transaction recording an event that changes nothing for them.
 */
const recordedBy = async (subgraph: SubgraphName, consumer: string, eventId: string) =>
  (
    await sql(subgraph).query('SELECT 1 FROM processed_event WHERE consumer = $1 AND event_id = $2', [
      consumer,
      eventId,
    ])
  ).rowCount;

describe("a cart's round of shopping", () => {
  it('reaches the sales figures, and none of the consumers that only record it', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    const events = await sql('order').query<{ id: string }>(
      'SELECT id FROM outbox_event WHERE aggregate_type = $1 AND aggregate_id = $2',
      [CART_AGGREGATE, cartId],
    );
    expect(events.rowCount).toBe(1);
    const eventId = events.rows[0]?.id as string;

    // The sales consumer records it once the relay has published it.
    await eventually(async () => expect(await recordedBy('order', 'order-analytics', eventId)).toBe(1));
    // The relay queues an event for every consumer that takes it before marking it published, and
    // finished jobs are kept for an hour: no job means it was never queued for that consumer.
    const connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    try {
      const jobIn = async (consumer: string) => {
        const queue = new Queue(eventQueueName('order', consumer), { connection, prefix: QUEUE_PREFIX });
        try {
          return await queue.getJob(eventId);
        } finally {
          await queue.close();
        }
      };
      expect(await jobIn('order-analytics')).toBeDefined();
      for (const [subgraph, consumer] of [
        ['warehouse', 'warehouse'],
        ['promotion', 'promotion'],
        ['promotion', 'promotion-analytics'],
        ['customer', 'customer-segments'],
        ['review', 'review-purchases'],
      ] as const) {
        expect(await jobIn(consumer), consumer).toBeUndefined();
        expect(await recordedBy(subgraph, consumer, eventId), consumer).toBe(0);
      }
    } finally {
      connection.disconnect();
    }
  });
});
