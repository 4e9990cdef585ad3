import { Counter, type Registry } from 'prom-client';

const NAME = 'retention_deleted_rows_total';

/**
 * retention_deleted_rows_total{kind}: what the retention jobs removed, by kind of data (see the
 * README's "Data retention"). Every subgraph's jobs count into one counter of the workers' registry.
 */
export function retentionDeletedRows(registry: Registry): Counter<'kind'> {
  const existing = registry.getSingleMetric(NAME);
  if (existing) return existing as Counter<'kind'>;
  return new Counter({
    name: NAME,
    help: 'Rows (or dead-letter jobs) removed by the data retention jobs, by kind of data',
    labelNames: ['kind'],
    registers: [registry],
  });
}
