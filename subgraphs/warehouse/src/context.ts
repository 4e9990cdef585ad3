import type { Identity } from '../../../shared/auth/identity.js';
import type { WarehouseDatabase } from './data/database.js';
import type { WarehouseLoaders } from './data/stock.js';
import type { WarehouseSettings } from './warehouse-config.js';
import type { WarehouseMetrics } from './warehouse-metrics.js';

export interface Context {
  identity: Identity;
  db: WarehouseDatabase;
  loaders: WarehouseLoaders;
  /** One instant per request: deadlines are judged and changes stamped against the same moment. */
  now: Date;
  /** The request's x-request-id: the correlation id of stock adjustments. */
  requestId: string | null;
  settings: WarehouseSettings;
  metrics: WarehouseMetrics;
}
