import { Gauge, type Registry } from 'prom-client';
import type { RawSql } from '../../shared/events/outbox.js';
import type { Logger } from '../../shared/logger.js';

export interface OutboxBacklog {
  /** Rows not yet published to the queues. */
  unpublished: number;
  /** Seconds since the oldest of them was committed; 0 when there is none. */
  oldestAgeSeconds: number;
}

/**
 * How far a subgraph's outbox is behind: two reads of the (published_at, position) index, which
 * only walk the unpublished rows — few, unless the relay is stuck, which is what this shows.
 */
export async function readOutboxBacklog(db: RawSql): Promise<OutboxBacklog> {
  const [row] = await db.$queryRaw<{ unpublished: number; oldestAgeSeconds: number | null }[]>`
    SELECT (SELECT count(*) FROM outbox_event WHERE published_at IS NULL)::int AS unpublished,
           EXTRACT(EPOCH FROM clock_timestamp() - (
             SELECT occurred_at FROM outbox_event WHERE published_at IS NULL ORDER BY position LIMIT 1
           ))::float8 AS "oldestAgeSeconds"`;
  return { unpublished: row?.unpublished ?? 0, oldestAgeSeconds: Math.max(0, row?.oldestAgeSeconds ?? 0) };
}

/**
 * Outbox lag per source subgraph, read from its database when Prometheus scrapes the workers
 * (every worker process relays every outbox, so each reports the same figures: chart the max).
 * A source whose database does not answer has no series in that scrape, and a warning is logged.
 */
export function registerOutboxBacklogGauges(
  registry: Registry,
  sources: readonly { source: string; db: RawSql }[],
  logger: Logger,
): void {
  const read = async (set: (source: string, backlog: OutboxBacklog) => void) => {
    await Promise.all(
      sources.map(async ({ source, db }) => {
        try {
          set(source, await readOutboxBacklog(db));
        } catch (error) {
          logger.warn({ err: error, source }, 'could not read the outbox backlog for /metrics');
        }
      }),
    );
  };
  new Gauge({
    name: 'outbox_unpublished_events',
    help: 'Outbox rows of each source subgraph not yet published to the queues, read at scrape time',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      this.reset();
      await read((source, backlog) => this.set({ source }, backlog.unpublished));
    },
  });
  new Gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Seconds since the oldest unpublished outbox row of each source subgraph was committed (0 when none), read at scrape time',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      this.reset();
      await read((source, backlog) => this.set({ source }, backlog.oldestAgeSeconds));
    },
  });
}
