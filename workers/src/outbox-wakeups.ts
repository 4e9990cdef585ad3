import pg from 'pg';
import type { Logger } from '../../shared/logger.js';

/**
 * The channel each subgraph's outbox trigger notifies, once per inserting statement, with its
 * schema's name as payload (migration `outbox_notify` of every subgraph with an outbox).
 */
export const OUTBOX_CHANNEL = 'outbox_event';

const RECONNECT_MS = { first: 250, max: 10_000 };

export interface OutboxWakeups {
  /** Calls `wake` whenever a transaction that added rows to `schema`'s outbox commits. */
  onEvents(databaseUrl: string, schema: string, wake: () => void): void;
  close(): Promise<void>;
}

/**
 * One LISTEN connection per database (several subgraphs' schemas may share one), so an idle
 * relay sleeps until its outbox has rows instead of asking several times a second. A dropped
 * connection is opened again with backoff; notifications sent meanwhile are lost, which the
 * relays' slow idle poll covers.
 */
export function createOutboxWakeups(logger: Logger): OutboxWakeups {
  const listeners = new Map<string, { wakes: Map<string, (() => void)[]>; stop: () => Promise<void> }>();
  let closed = false;

  const listen = (databaseUrl: string, wakes: Map<string, (() => void)[]>) => {
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    let delay = RECONNECT_MS.first;
    const connect = async () => {
      const next = new pg.Client({ connectionString: databaseUrl, application_name: 'outbox-wakeups' });
      client = next;
      next.on('notification', (message) => {
        for (const wake of wakes.get(message.payload ?? '') ?? []) wake();
      });
      next.on('error', (error) => {
        logger.warn({ err: error }, 'outbox wake-up connection lost; relays poll until it is back');
        reconnect(next);
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
        delay = RECONNECT_MS.first;
        // Rows added while no one listened are found by this pass.
        for (const wakeAll of wakes.values()) for (const wake of wakeAll) wake();
      } catch (error) {
        logger.warn({ err: error }, 'outbox wake-up connection failed; retrying');
        reconnect(next);
      }
    };
    const reconnect = (failed: pg.Client) => {
      if (closed || client !== failed || retry) return;
      failed.end().catch(() => {});
      retry = setTimeout(() => {
        retry = undefined;
        void connect();
      }, delay);
      delay = Math.min(delay * 2, RECONNECT_MS.max);
    };
    void connect();
    return async () => {
      clearTimeout(retry);
      await client?.end().catch(() => {});
    };
  };

  return {
    onEvents(databaseUrl, schema, wake) {
      let listener = listeners.get(databaseUrl);
      if (!listener) {
        const wakes = new Map<string, (() => void)[]>();
        listener = { wakes, stop: listen(databaseUrl, wakes) };
        listeners.set(databaseUrl, listener);
      }
      listener.wakes.set(schema, [...(listener.wakes.get(schema) ?? []), wake]);
    },
    async close() {
      closed = true;
      await Promise.all([...listeners.values()].map((listener) => listener.stop()));
    },
  };
}
