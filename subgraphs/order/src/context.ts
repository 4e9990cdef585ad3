import type { Identity } from '../../../shared/auth/identity.js';
import type { OrderDatabase } from './data/database.js';
import type { OrderLoaders } from './data/orders.js';

export interface Context {
  identity: Identity;
  db: OrderDatabase;
  loaders: OrderLoaders;
}
