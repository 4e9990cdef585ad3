import type { WarehouseDatabase } from './data/database.js';
import type { WarehouseLoaders } from './data/stock.js';

export interface Context {
  db: WarehouseDatabase;
  loaders: WarehouseLoaders;
}
