import type { CustomerLoaders } from './data/customers.js';
import type { CustomerDatabase } from './data/database.js';

export interface Context {
  db: CustomerDatabase;
  loaders: CustomerLoaders;
}
