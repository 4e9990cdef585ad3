import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPendingMigrations } from '../../../scripts/db/migrations.js';
import { newId } from '../../../shared/ids.js';
import { createLogger } from '../../../shared/logger.js';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { type CatalogDatabase, connectCatalogDatabase } from '../../../subgraphs/catalog/src/data/database.js';
import { createRelayMetrics, startOutboxRelay } from '../../../workers/src/outbox-relay.js';
import { createOutboxWakeups, type OutboxWakeups } from '../../../workers/src/outbox-wakeups.js';
import { bullConnection } from '../../../workers/src/queues.js';

function urlOf(database: string): string {
  const url = new URL(inject('databaseUrls').catalog);
  url.pathname = `/${database}`;
  return url.toString();
}

async function asAdmin(sql: string) {
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

// Far longer than any wait below: only the outbox's notification can wake the relay in time.
const IDLE_POLL_MS = 120_000;

/**
 * A relay of its own on a database of its own (the catalog's migrations, trigger included), so
 * no other relay takes its rows: an idle relay is woken by the outbox trigger's notification,
 * also after its listening connection was cut.
 */
describe('an idle outbox relay', { timeout: 60_000 }, () => {
  const database = `relay_wake_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const queueName = `relay-wake-${randomUUID()}`;
  const connection = bullConnection(inject('redisUrl'));
  const queue = new Queue(queueName, { connection, prefix: QUEUE_PREFIX });
  const logger = createLogger('workers', { logLevel: 'silent' });
  let db: CatalogDatabase;
  let client: pg.Client;
  let wakeups: OutboxWakeups;
  let relay: { close(): Promise<void> };

  const addEvent = async () => {
    const id = newId();
    await client.query(
      `INSERT INTO outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at)
       VALUES ($1, 'ProductCreated', 'Product', $2, 1, '{}', now())`,
      [id, newId()],
    );
    return id;
  };

  /** Waits for the event's job on the relay's queue; how long it took, in ms. */
  const relayed = async (eventId: string, withinMs: number) => {
    const started = Date.now();
    while (Date.now() - started < withinMs) {
      if (await queue.getJob(eventId)) return Date.now() - started;
      await sleep(25);
    }
    throw new Error(`event ${eventId} was not relayed within ${withinMs} ms`);
  };

  beforeAll(async () => {
    await asAdmin(`CREATE DATABASE ${database}`);
    const databaseUrl = urlOf(database);
    await applyPendingMigrations('catalog', databaseUrl);
    db = connectCatalogDatabase({ databaseUrl, databaseSchema: 'catalog', poolSize: 2 });
    client = new pg.Client({ connectionString: databaseUrl, options: '-c search_path="catalog"' });
    await client.connect();
    wakeups = createOutboxWakeups(logger);
    relay = startOutboxRelay({
      source: 'catalog',
      db,
      subscribers: [{ queue, takes: () => true }],
      metrics: createRelayMetrics(new Registry()),
      logger,
      pollMs: 20,
      idlePollMs: IDLE_POLL_MS,
      listen: (notify) => wakeups.onEvents(databaseUrl, 'catalog', notify),
    });
    // The first pass and the listener's own first wake-up find an empty outbox; then it sleeps.
    await sleep(1000);
  });

  afterAll(async () => {
    await relay?.close();
    await wakeups?.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await connection.quit();
    await db?.$disconnect();
    await client?.end();
    await asAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('publishes a committed event at once, not at its next poll', async () => {
    expect(await relayed(await addEvent(), 5000)).toBeLessThan(5000);
    // Asleep again, it wakes again.
    await sleep(500);
    expect(await relayed(await addEvent(), 5000)).toBeLessThan(5000);
  });

  it('is woken again once its listening connection was cut and opened again', async () => {
    const cut = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = $1 AND application_name = 'outbox-wakeups'`,
      [database],
    );
    expect(cut.rowCount).toBe(1);
    // The listener opens a new connection after its first back-off (250 ms) and relays then.
    const during = await addEvent();
    expect(await relayed(during, 10_000)).toBeLessThan(10_000);
    await sleep(1000);
    expect(await relayed(await addEvent(), 5000)).toBeLessThan(5000);
  });
});
