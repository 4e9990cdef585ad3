import { shopDay } from '../analytics/shop-day.js';
import type { RawSql } from '../events/outbox.js';

/**
 * One batch of raw analytics events (analytics_event, in order and promotion) older than
 * `before`, taken only from aggregates whose every retained event is older: an order still
 * moving keeps all its events, since a later one (OrderPaid, OrderCancelled) reads its
 * OrderPlaced. The same statement moves analytics_trim forward to the latest instant deleted,
 * so a rebuild knows from which day on the raw events are complete (rebuildsFrom).
 */
export function trimAnalyticsEvents(db: RawSql, before: Date): (limit: number) => Promise<number> {
  return async (limit) => {
    const rows = await db.$queryRaw<{ deleted: number }[]>`
      WITH batch AS MATERIALIZED (
        SELECT e.id FROM analytics_event e
        WHERE e.occurred_at < ${before}
          AND NOT EXISTS (SELECT 1 FROM analytics_event later
                          WHERE later.aggregate_type = e.aggregate_type AND later.aggregate_id = e.aggregate_id
                            AND later.occurred_at >= ${before})
        ORDER BY e.occurred_at LIMIT ${limit} FOR UPDATE SKIP LOCKED),
      gone AS (
        DELETE FROM analytics_event USING batch
        WHERE analytics_event.id = batch.id AND analytics_event.occurred_at < ${before}
        RETURNING analytics_event.occurred_at),
      mark AS (
        INSERT INTO analytics_trim (id, trimmed_through)
        SELECT 1, max(occurred_at) FROM gone HAVING count(*) > 0
        ON CONFLICT (id) DO UPDATE SET trimmed_through = GREATEST(analytics_trim.trimmed_through, EXCLUDED.trimmed_through))
      SELECT count(*)::int AS deleted FROM gone`;
    return Number(rows[0]?.deleted ?? 0);
  };
}

/** The latest instant of any raw analytics event deleted so far; null while none was. */
export async function trimmedThrough(db: RawSql): Promise<Date | null> {
  const rows = await db.$queryRaw<{ at: Date }[]>`SELECT trimmed_through AS at FROM analytics_trim WHERE id = 1`;
  return rows[0]?.at ?? null;
}

/**
 * The first shop day a rebuild may recompute: the day after the one holding the latest deleted
 * event (null: every day). An event's figures land on its own day or an earlier one (a conversion
 * on the day its cart round began), so every figure of a later day comes from events still kept.
 */
export function rebuildsFrom(trimmed: Date | null, timeZone: string): string | null {
  if (trimmed === null) return null;
  const day = shopDay(trimmed, timeZone);
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Whether a day's figures are recomputed by a rebuild from `fromDay` (null: all are). */
export const isRebuilt = (day: string, fromDay: string | null): boolean => fromDay === null || day >= fromDay;
