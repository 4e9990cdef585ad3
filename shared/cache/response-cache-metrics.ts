import { Counter, type Registry } from 'prom-client';

/** The gateway's side: response_cache_lookups_total{result="hit"|"miss"}, writes and Redis errors. */
export interface ResponseCacheMetrics {
  lookups: Counter<'result'>;
  writes: Counter<'outcome'>;
  errors: Counter<'operation'>;
}

export function responseCacheMetrics(registry: Registry): ResponseCacheMetrics {
  const lookups = new Counter({
    name: 'response_cache_lookups_total',
    help: "Anonymous queries looked up in the gateway's response cache, by result (hit or miss)",
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const writes = new Counter({
    name: 'response_cache_writes_total',
    help: 'Answers offered to the response cache: stored, or dropped because an invalidation ran while they were computed',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const result of ['hit', 'miss']) lookups.inc({ result }, 0);
  for (const outcome of ['stored', 'raced']) writes.inc({ outcome }, 0);
  return {
    lookups,
    writes,
    errors: new Counter({
      name: 'response_cache_errors_total',
      help: 'Redis errors of the response cache (the request is then answered without it)',
      labelNames: ['operation'] as const,
      registers: [registry],
    }),
  };
}

/** The workers' side: events that invalidated entries, and the entries they removed. */
export function responseCacheInvalidationMetrics(registry: Registry) {
  return {
    invalidations: new Counter({
      name: 'response_cache_invalidations_total',
      help: 'Events applied to the response cache, by event type (each drops the entries of its tags)',
      labelNames: ['event'] as const,
      registers: [registry],
    }),
    evicted: new Counter({
      name: 'response_cache_evicted_entries_total',
      help: 'Response cache entries removed by invalidations',
      registers: [registry],
    }),
  };
}
