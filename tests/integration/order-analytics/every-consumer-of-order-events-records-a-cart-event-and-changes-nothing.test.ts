import { afterAll, describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { newId } from '../../../shared/ids.js';
import { connectCustomerDatabase } from '../../../subgraphs/customer/src/data/database.js';
import { handleOrderEvent as customerHandles } from '../../../subgraphs/customer/src/jobs/order-events.js';
import { connectPromotionDatabase } from '../../../subgraphs/promotion/src/data/database.js';
import { handleOrderEvent as promotionHandles } from '../../../subgraphs/promotion/src/jobs/order-events.js';
import { connectReviewDatabase } from '../../../subgraphs/review/src/data/database.js';
import { handleOrderEvent as reviewHandles } from '../../../subgraphs/review/src/jobs/order-events.js';
import { connectWarehouseDatabase } from '../../../subgraphs/warehouse/src/data/database.js';
import { handleOrderEvent as warehouseHandles } from '../../../subgraphs/warehouse/src/jobs/order-events.js';
import { domainEvent } from './sales-analytics.js';

const target = (name: 'customer' | 'promotion' | 'review' | 'warehouse') => ({
  databaseUrl: inject('databaseUrls')[name],
  databaseSchema: name,
  poolSize: 2,
});
const customer = connectCustomerDatabase(target('customer'));
const promotion = connectPromotionDatabase(target('promotion'));
const review = connectReviewDatabase(target('review'));
const warehouse = connectWarehouseDatabase(target('warehouse'));
afterAll(() => Promise.all([customer, promotion, review, warehouse].map((db) => db.$disconnect())));

/** A cart's round of shopping, which the order subgraph publishes alongside its order events. */
function cartFilled(): DomainEvent {
  const cartId = newId();
  return domainEvent({
    type: 'CartFilled',
    aggregateType: 'Cart',
    aggregateId: cartId,
    version: 1,
    at: new Date().toISOString(),
    payload: { cartId, customerId: newId(), currency: 'EUR', fill: 1 },
  });
}

const recorded = (db: { processedEvent: { count(args: object): Promise<number> } }, event: DomainEvent) =>
  db.processedEvent.count({ where: { eventId: event.id } });

describe('the other consumers of the order subgraph’s events', () => {
  it('record a CartFilled, so versions stay contiguous, and change nothing for it', async () => {
    const event = cartFilled();
    expect(await promotionHandles(promotion, event)).toBe('applied');
    expect(await customerHandles(customer, null, event)).toBe('applied');
    expect(await reviewHandles(review, event)).toEqual({ outcome: 'applied', verifiedReviews: 0 });
    expect(await warehouseHandles(warehouse, event)).toEqual({ outcome: 'applied', effect: 'none' });

    expect(await promotionHandles(promotion, event)).toBe('duplicate');
    for (const db of [promotion, customer, review, warehouse]) expect(await recorded(db, event)).toBe(1);
  });
});
