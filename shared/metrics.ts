import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** Each service has its own registry, served at /metrics in Prometheus' text format. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Counts SQL statements sent to PostgreSQL: how batching (DataLoader) is observed in production. */
export function createDatabaseQueryCounter(registry: Registry): Counter {
  return new Counter({
    name: 'db_queries_total',
    help: 'SQL statements sent to PostgreSQL',
    registers: [registry],
  });
}
