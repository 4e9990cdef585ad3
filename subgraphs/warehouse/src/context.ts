import type { Identity } from '../../../shared/auth/identity.js';
import type { WarehouseDatabase } from './data/database.js';
import type { WarehouseLoaders } from './data/stock.js';

export interface Context {
  identity: Identity;
  db: WarehouseDatabase;
  loaders: WarehouseLoaders;
}
