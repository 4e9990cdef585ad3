import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * Access tokens are self-contained: nothing is looked up to accept one. An erased customer's
 * tokens must stop at once all the same, so every service that verifies tokens (the gateway and
 * each subgraph) keeps the revoked subjects in memory: a hash lookup per request, no network.
 *
 * Redis holds the list (hash `auth:revoked-subjects`: subject → the instant, in seconds, up to
 * which its tokens are refused) and announces each addition on the channel of the same name.
 * Each service subscribes first, then loads the whole hash, and loads it again every time its
 * connection comes back, so an announcement missed while disconnected is never lost. A token is
 * refused when it was issued (`iat`) at or before its subject's revocation: an erased account
 * gets no new tokens, and a revocation recorded for an erasure that then failed (see
 * eraseCustomer) only ends the sessions of that moment.
 */
export const REVOKED_SUBJECTS_KEY = 'auth:revoked-subjects';

export interface RevocationList {
  /** Whether a token of `subject` issued at `issuedAtSeconds` (its `iat`) is revoked. */
  isRevoked(subject: string, issuedAtSeconds: number): boolean;
  /** Resolves once the list has been loaded at least once. */
  ready: Promise<void>;
  /**
   * Waits for the first load, at most `ms`: a service starts serving with the list it has, so an
   * unreachable Redis delays its start by that much, never forever (it keeps trying, and loads the
   * list as soon as it connects).
   */
  loadedWithin(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The revocation instant in whole seconds: every token issued before `at` has an `iat` at most this. */
export function revocationSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** Records the revocation and announces it; throws when Redis cannot be written (the caller must not go on). */
export async function revokeSubject(redis: Redis, subject: string, at: Date): Promise<void> {
  const seconds = String(revocationSeconds(at));
  const results = await redis
    .multi()
    .hset(REVOKED_SUBJECTS_KEY, subject, seconds)
    .publish(REVOKED_SUBJECTS_KEY, `${subject} ${seconds}`)
    .exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error('revocation not recorded');
}

export function createRevocationList(redisUrl: string, logger: Logger): RevocationList {
  const revoked = new Map<string, number>();
  const record = (subject: string, seconds: number) => {
    if (Number.isFinite(seconds) && seconds > (revoked.get(subject) ?? -1)) revoked.set(subject, seconds);
  };
  const options = { maxRetriesPerRequest: 2, lazyConnect: false } as const;
  const reader = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, options);
  // Reported by the readiness checks that use Redis; both connections reconnect by themselves.
  reader.on('error', () => {});
  subscriber.on('error', () => {});

  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const reload = async () => {
    try {
      const all = await reader.hgetall(REVOKED_SUBJECTS_KEY);
      for (const [subject, seconds] of Object.entries(all)) record(subject, Number(seconds));
      markReady();
    } catch (error) {
      logger.warn({ err: error }, 'revoked token subjects not reloaded; the list in memory stays as it was');
    }
  };
  subscriber.on('message', (_channel: string, message: string) => {
    const [subject, seconds] = message.split(' ');
    if (subject) record(subject, Number(seconds));
  });
  // On every (re)connection: subscribed first (again; it is idempotent), then the whole list read,
  // so nothing announced in between is missed.
  subscriber.on('ready', () => {
    subscriber.subscribe(REVOKED_SUBJECTS_KEY).then(reload, () => {});
  });

  return {
    isRevoked: (subject, issuedAtSeconds) => {
      const until = revoked.get(subject);
      return until !== undefined && issuedAtSeconds <= until;
    },
    ready,
    loadedWithin: (ms) =>
      Promise.race([
        ready.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
      ]),
    close: async () => {
      reader.disconnect();
      subscriber.disconnect();
    },
  };
}
