/**
 * The prefix of every BullMQ key: a queue's keys are `{bull}:<queue>:<kind>` (wait, active,
 * events, meta, each job's hash, its job schedulers…). BullMQ moves a job with Lua scripts that
 * touch several of these keys at once, and on a Redis Cluster every key of one script must hash
 * to one slot: Redis hashes only the part between the first `{` and `}` when there is one, so
 * the hash tag puts every queue's keys on one slot. Every producer, worker and dashboard passes
 * this same prefix; one that left it out would read and write queues nobody consumes.
 * docs/redis-keys.md lists every key the shop writes.
 */
export const QUEUE_PREFIX = '{bull}';
