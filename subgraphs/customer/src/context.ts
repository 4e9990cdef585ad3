import type { Identity } from '../../../shared/auth/identity.js';
import type { CustomerLoaders } from './data/customers.js';
import type { CustomerDatabase } from './data/database.js';

export interface Context {
  identity: Identity;
  db: CustomerDatabase;
  loaders: CustomerLoaders;
}
