import type { Redis } from 'ioredis';

/**
 * The gateway's response cache in Redis (docs/cache-policy.md). Keys share the `{response-cache}`
 * hash tag, so the scripts below touch one slot on a Redis Cluster too:
 *
 * - `{response-cache}:entry:<key>`   the answer's JSON, expiring at the answer's max-age;
 * - `{response-cache}:tag:<tag>`     the entry keys tagged <tag>, expiring with its longest entry;
 * - `{response-cache}:epoch`         bumped by every invalidation;
 * - `{response-cache}:applied:<id>`  the events an invalidation consumer has applied (its inbox).
 *
 * An answer computed while an invalidation ran may hold what that invalidation removed: it is
 * stored only if the epoch is still the one read before the answer was computed.
 */
const PREFIX = '{response-cache}';
const EPOCH_KEY = `${PREFIX}:epoch`;
const entryKey = (key: string) => `${PREFIX}:entry:${key}`;
const tagKey = (tag: string) => `${PREFIX}:tag:${tag}`;
const appliedKey = (eventId: string) => `${PREFIX}:applied:${eventId}`;

/** How long an applied event is remembered: far longer than the reconciler looks back. */
const APPLIED_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * KEYS[1] epoch, KEYS[2] entry, KEYS[3..] tag sets; ARGV[1] the epoch read before computing
 * ('' when none), ARGV[2] the entry's value, ARGV[3] its TTL in seconds, ARGV[4] the entry key.
 * Keeps: no entry outlives an invalidation that started before it was stored.
 */
const STORE_IF_NOT_INVALIDATED = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ttl)
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[4])
  if redis.call('TTL', KEYS[i]) < ttl then redis.call('EXPIRE', KEYS[i], ttl) end
end
return 1`;

/**
 * KEYS[1] epoch, KEYS[2] the event's applied marker, KEYS[3..] tag sets. Deletes every entry of
 * the tags, the tag sets, bumps the epoch and records the event, in one step. Returns the number
 * of entries deleted. Keeps: once an event is recorded applied, no entry it names is served.
 */
const INVALIDATE_TAGS = `
redis.call('INCR', KEYS[1])
local deleted = 0
for i = 3, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for _, member in ipairs(members) do deleted = deleted + redis.call('DEL', member) end
  redis.call('DEL', KEYS[i])
end
redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[1]))
return deleted`;

export interface CachedAnswer {
  /** The answer's `data`, as it was sent. */
  data: Record<string, unknown>;
  /** When it stops being served (epoch milliseconds): what the Cache-Control max-age counts down to. */
  expiresAt: number;
}

export interface Lookup {
  answer: CachedAnswer | null;
  /** The epoch to hand to store(): an invalidation in between makes the store a no-op. */
  epoch: string;
}

export class ResponseCacheStore {
  constructor(private readonly redis: Redis) {}

  async lookup(key: string): Promise<Lookup> {
    const [entry, epoch] = await this.redis.mget(entryKey(key), EPOCH_KEY);
    return { answer: entry ? (JSON.parse(entry) as CachedAnswer) : null, epoch: epoch ?? '' };
  }

  /** Stores an answer under its tags; false when an invalidation ran since `epoch` was read. */
  async store(key: string, answer: CachedAnswer, tags: Iterable<string>, ttlSeconds: number, epoch: string) {
    const tagKeys = [...tags].map(tagKey);
    const stored = await this.redis.eval(
      STORE_IF_NOT_INVALIDATED,
      2 + tagKeys.length,
      EPOCH_KEY,
      entryKey(key),
      ...tagKeys,
      epoch,
      JSON.stringify(answer),
      String(ttlSeconds),
      entryKey(key),
    );
    return stored === 1;
  }

  /** Drops every entry tagged with one of `tags`, and records `eventId` as applied. */
  async invalidate(eventId: string, tags: readonly string[]): Promise<number> {
    const deleted = await this.redis.eval(
      INVALIDATE_TAGS,
      2 + tags.length,
      EPOCH_KEY,
      appliedKey(eventId),
      ...tags.map(tagKey),
      String(APPLIED_TTL_SECONDS),
    );
    return Number(deleted);
  }

  /** The inbox of an invalidation consumer: which of these events it has applied. */
  async applied(eventIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (eventIds.length === 0) return new Set();
    const markers = await this.redis.mget(...eventIds.map(appliedKey));
    return new Set(eventIds.filter((_, index) => markers[index] !== null));
  }
}
