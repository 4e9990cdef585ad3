import { Redis } from 'ioredis';

/** Where events of `source` wait for `consumer`: one queue per subscriber, so each consumes at its own pace. */
export function eventQueueName(source: string, consumer: string): string {
  return `events.${source}.${consumer}`;
}

export function scheduledQueueName(name: string): string {
  return `scheduled.${name}`;
}

/** Jobs that used up their attempts, with the error that stopped them, kept until someone looks. */
export const DEAD_LETTER_QUEUE = 'dead-letter';

export interface DeadLetter {
  queue: string;
  jobId: string | undefined;
  name: string;
  data: unknown;
  failedReason: string;
  attemptsMade: number;
  failedAt: string;
}

/**
 * A Redis connection for BullMQ. Blocking commands must wait as long as they need
 * (maxRetriesPerRequest: null), and every Worker gets its own connection.
 */
export function bullConnection(redisUrl: string): Redis {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // Reported through readiness; ioredis reconnects by itself.
  connection.on('error', () => {});
  return connection;
}
