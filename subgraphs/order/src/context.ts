import type { OrderDatabase } from './data/database.js';
import type { OrderLoaders } from './data/orders.js';

export interface Context {
  db: OrderDatabase;
  loaders: OrderLoaders;
}
