import type { DeleteBatch } from '../../../../shared/retention/batched-delete.js';
import type { WarehouseDatabase } from './database.js';

/**
 * One batch of stock alerts staff acknowledged, raised before `before`. An alert nobody has
 * acknowledged stays, whatever its age: it is still someone's to look at. The DELETE re-checks
 * both on the rows it locked.
 */
export function deleteAcknowledgedStockAlerts(db: WarehouseDatabase, before: Date): DeleteBatch {
  return (limit) => db.$executeRaw`
    WITH batch AS MATERIALIZED (
      SELECT a.id FROM stock_alert a WHERE a.acknowledged_at IS NOT NULL AND a.occurred_at < ${before}
      ORDER BY a.occurred_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    DELETE FROM stock_alert USING batch
    WHERE stock_alert.id = batch.id AND stock_alert.acknowledged_at IS NOT NULL AND stock_alert.occurred_at < ${before}`;
}
