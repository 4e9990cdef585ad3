import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Queue dashboard sessions, in Redis: any workers process behind a load balancer knows every
 * session, and a session ends for all of them at once. The cookie holds a random id; Redis keeps
 * only its SHA-256, so a copy of Redis opens no session.
 */
export interface DashboardSession {
  /** The admin's staff id (the access token's subject). */
  subject: string;
  /** When the session began, in whole seconds: a revocation of the subject at or after it ends it. */
  startedAtSeconds: number;
  expiresAt: Date;
}

export interface DashboardSessions {
  /** Starts a session for `subject`; the id goes into the cookie and nowhere else. */
  open(subject: string): Promise<{ id: string; session: DashboardSession }>;
  /** The session of `id`, while it lasts. */
  find(id: string): Promise<DashboardSession | undefined>;
  /** Ends the session of `id` for every workers process at once; nothing happens if it had ended. */
  close(id: string): Promise<void>;
}

const KEY_PREFIX = 'queue-dashboard:session:';

function keyOf(id: string): string {
  return KEY_PREFIX + createHash('sha256').update(id).digest('hex');
}

export function createDashboardSessions(redis: Redis, lifetimeSeconds: number): DashboardSessions {
  return {
    async open(subject) {
      const id = randomBytes(32).toString('base64url');
      const now = Date.now();
      const session: DashboardSession = {
        subject,
        startedAtSeconds: Math.floor(now / 1000),
        expiresAt: new Date(now + lifetimeSeconds * 1000),
      };
      const stored = JSON.stringify({ ...session, expiresAt: session.expiresAt.toISOString() });
      await redis.set(keyOf(id), stored, 'PX', lifetimeSeconds * 1000);
      return { id, session };
    },
    async find(id) {
      const stored = await redis.get(keyOf(id));
      if (!stored) return undefined;
      const parsed = JSON.parse(stored) as { subject: string; startedAtSeconds: number; expiresAt: string };
      const session = { ...parsed, expiresAt: new Date(parsed.expiresAt) };
      // Redis drops the key when it lapses; a key read just before that must not outlive it either.
      return session.expiresAt.getTime() > Date.now() ? session : undefined;
    },
    async close(id) {
      await redis.del(keyOf(id));
    },
  };
}
