import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyEventOnce } from '../../../shared/events/inbox.js';
import { appendToOutbox } from '../../../shared/events/outbox.js';
import { newId } from '../../../shared/ids.js';
import { deleteInBatches } from '../../../shared/retention/batched-delete.js';
import { deleteSettledOutboxRows, deleteSupersededProcessedEvents } from '../../../shared/retention/event-tables.js';
import { cutOff } from '../../../shared/retention/retention-settings.js';
import { connectOrderDatabase, type OrderDatabase } from '../../../subgraphs/order/src/data/database.js';
import { DAY_MS, daysAgo, orderDb } from './retention.js';

/**
 * The outbox and inbox tables of a schema of their own (copies of the order subgraph's), so that no
 * relay publishes the rows written here and the batches see only them.
 */
const schema = `retention_${newId().toLowerCase()}`;
const admin = orderDb();
let db: OrderDatabase;

beforeAll(async () => {
  await admin.$executeRawUnsafe(`CREATE SCHEMA "${schema}"`);
  await admin.$executeRawUnsafe(`CREATE TABLE "${schema}".outbox_event (LIKE "order".outbox_event INCLUDING ALL)`);
  await admin.$executeRawUnsafe(
    `CREATE TABLE "${schema}".processed_event (LIKE "order".processed_event INCLUDING ALL)`,
  );
  db = connectOrderDatabase({ databaseUrl: inject('databaseUrls').order, databaseSchema: schema, poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await admin.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
  await admin.$disconnect();
});

const outboxWindow = 7 * DAY_MS;
const inboxWindow = 30 * DAY_MS;

interface OutboxRowAt {
  aggregateId: string;
  version: number;
  occurred: Date;
  published: Date | null;
  settled: Date | null;
}

async function outboxRow(row: OutboxRowAt): Promise<void> {
  await db.$executeRaw`
    INSERT INTO outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at, published_at, settled_at)
    VALUES (${newId()}, 'ProbeChanged', 'Probe', ${row.aggregateId}, ${row.version}, '{}'::jsonb, ${row.occurred}, ${row.published}, ${row.settled})`;
}

const versionsOf = async (table: 'outbox_event' | 'processed_event', aggregateId: string, consumer = 'probe') => {
  const rows =
    table === 'outbox_event'
      ? await db.$queryRaw<
          { v: number }[]
        >`SELECT aggregate_version AS v FROM outbox_event WHERE aggregate_id = ${aggregateId} ORDER BY 1`
      : await db.$queryRaw<
          { v: number }[]
        >`SELECT aggregate_version AS v FROM processed_event WHERE consumer = ${consumer} AND aggregate_id = ${aggregateId} ORDER BY 1`;
  return rows.map((row) => Number(row.v));
};

describe('outbox retention', () => {
  it('deletes settled rows past the window in batches, but never an unpublished or unsettled row, nor an aggregate’s newest', async () => {
    const settledLongAgo = newId();
    const unpublished = newId();
    const unsettled = newId();
    const recent = newId();
    for (const version of [1, 2, 3, 4]) {
      await outboxRow({
        aggregateId: settledLongAgo,
        version,
        occurred: daysAgo(20),
        published: daysAgo(20),
        settled: daysAgo(19),
      });
    }
    // Never published (the relay still owes them), whatever their age.
    for (const version of [1, 2]) {
      await outboxRow({ aggregateId: unpublished, version, occurred: daysAgo(400), published: null, settled: null });
    }
    // Published long ago, but a consumer has not recorded it: the reconciler still looks at it.
    for (const version of [1, 2]) {
      await outboxRow({
        aggregateId: unsettled,
        version,
        occurred: daysAgo(400),
        published: daysAgo(400),
        settled: null,
      });
    }
    // Settled within the window.
    for (const version of [1, 2]) {
      await outboxRow({
        aggregateId: recent,
        version,
        occurred: daysAgo(6),
        published: daysAgo(6),
        settled: daysAgo(6),
      });
    }

    const report = await deleteInBatches(deleteSettledOutboxRows(db, cutOff(new Date(), outboxWindow)), {
      batchSize: 2,
      maxBatches: 100,
    });

    expect(report).toEqual({ deleted: 3, batches: 2 });
    expect(await versionsOf('outbox_event', settledLongAgo)).toEqual([4]);
    expect(await versionsOf('outbox_event', unpublished)).toEqual([1, 2]);
    expect(await versionsOf('outbox_event', unsettled)).toEqual([1, 2]);
    expect(await versionsOf('outbox_event', recent)).toEqual([1, 2]);
  });

  it('keeps numbering an aggregate’s events after its old rows are gone', async () => {
    const aggregateId = newId();
    for (const version of [1, 2, 3]) {
      await outboxRow({ aggregateId, version, occurred: daysAgo(20), published: daysAgo(20), settled: daysAgo(20) });
    }
    await deleteInBatches(deleteSettledOutboxRows(db, cutOff(new Date(), outboxWindow)), {
      batchSize: 10,
      maxBatches: 10,
    });
    const next = await db.$transaction((tx) =>
      appendToOutbox(tx, { type: 'ProbeChanged', aggregateType: 'Probe', aggregateId, payload: {} }),
    );
    expect(next.aggregateVersion).toBe(4);
  });
});

describe('inbox retention', () => {
  async function processed(consumer: string, aggregateId: string, version: number, at: Date): Promise<string> {
    const eventId = newId();
    await db.$executeRaw`
      INSERT INTO processed_event (consumer, event_id, event_type, aggregate_type, aggregate_id, aggregate_version, processed_at)
      VALUES (${consumer}, ${eventId}, 'ProbeChanged', 'Probe', ${aggregateId}, ${version}, ${at})`;
    return eventId;
  }

  it('keeps each consumer’s newest record of an aggregate, so an old event delivered again is still a duplicate', async () => {
    const old = newId();
    const mixed = newId();
    const single = newId();
    const young = newId();
    const oldIds = [];
    for (const version of [1, 2, 3]) oldIds.push(await processed('probe', old, version, daysAgo(40)));
    await processed('probe', mixed, 1, daysAgo(40));
    await processed('probe', mixed, 2, daysAgo(1));
    await processed('probe', single, 1, daysAgo(400));
    for (const version of [1, 2]) await processed('probe', young, version, daysAgo(29));
    // Another consumer of the same aggregate has its own newest record.
    await processed('other-probe', old, 1, daysAgo(40));

    const report = await deleteInBatches(deleteSupersededProcessedEvents(db, cutOff(new Date(), inboxWindow)), {
      batchSize: 2,
      maxBatches: 100,
    });

    expect(report).toEqual({ deleted: 3, batches: 2 });
    expect(await versionsOf('processed_event', old)).toEqual([3]);
    expect(await versionsOf('processed_event', mixed)).toEqual([2]);
    expect(await versionsOf('processed_event', single)).toEqual([1]);
    expect(await versionsOf('processed_event', young)).toEqual([1, 2]);
    expect(await versionsOf('processed_event', old, 'other-probe')).toEqual([1]);

    // Version 2, applied 40 days ago and forgotten since, arrives again: it changes nothing.
    let applied = 0;
    const outcome = await applyEventOnce(
      db,
      'probe',
      {
        id: oldIds[1] as string,
        type: 'ProbeChanged',
        aggregateType: 'Probe',
        aggregateId: old,
        aggregateVersion: 2,
        occurredAt: daysAgo(41).toISOString(),
        correlationId: null,
        payload: {},
      },
      async () => {
        applied++;
      },
    );
    expect(outcome).toBe('duplicate');
    expect(applied).toBe(0);
  });
});
