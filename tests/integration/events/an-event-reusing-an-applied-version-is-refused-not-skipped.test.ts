import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { applyEventOnce, EventOutOfOrderError, EventVersionReusedError } from '../../../shared/events/inbox.js';
import { newId } from '../../../shared/ids.js';
import { connectReviewDatabase } from '../../../subgraphs/review/src/data/database.js';

const db = connectReviewDatabase({ databaseUrl: inject('databaseUrls').review, databaseSchema: 'review', poolSize: 2 });
// A consumer name of this run's own: no other consumer's rows are read or written.
const consumer = `inbox-check-${randomUUID()}`;

afterAll(async () => {
  await db.$executeRaw`DELETE FROM processed_event WHERE consumer = ${consumer}`;
  await db.$disconnect();
});

function event(aggregateId: string, version: number, id = newId()): DomainEvent {
  return {
    id,
    type: 'OrderPlaced',
    aggregateType: 'Order',
    aggregateId,
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    correlationId: null,
    payload: {},
  };
}

describe("a consumer's inbox", () => {
  it('applies each version once, in order, and knows a redelivery by its event id', async () => {
    const order = newId();
    const applied: number[] = [];
    const apply = (e: DomainEvent) =>
      applyEventOnce(db, consumer, e, async () => void applied.push(e.aggregateVersion));
    const first = event(order, 1);
    const second = event(order, 2);

    await expect(apply(second)).rejects.toBeInstanceOf(EventOutOfOrderError);
    expect(await apply(first)).toBe('applied');
    expect(await apply(second)).toBe('applied');
    expect(await apply(first)).toBe('duplicate');
    expect(await apply(second)).toBe('duplicate');
    expect(applied).toEqual([1, 2]);
  });

  it('refuses a new event that carries a version already applied as another, and changes nothing', async () => {
    const order = newId();
    const effects: string[] = [];
    const apply = (e: DomainEvent) => applyEventOnce(db, consumer, e, async () => void effects.push(e.id));
    const original = event(order, 1);
    await apply(original);

    // The source's database was restored from before `original`: its next event reuses version 1.
    const reissued = event(order, 1);
    await expect(apply(reissued)).rejects.toBeInstanceOf(EventVersionReusedError);
    await expect(apply(reissued)).rejects.toThrow(`which was applied as event ${original.id}`);
    expect(effects).toEqual([original.id]);
  });

  it('rolls back the record of an event whose effect failed, so its redelivery applies it', async () => {
    const placed = event(newId(), 1);
    await expect(
      applyEventOnce(db, consumer, placed, async () => {
        throw new Error('the effect failed');
      }),
    ).rejects.toThrow('the effect failed');
    let ran = false;
    expect(
      await applyEventOnce(db, consumer, placed, async () => {
        ran = true;
      }),
    ).toBe('applied');
    expect(ran).toBe(true);
  });
});
