import type { Identity } from '../../../shared/auth/identity.js';
import type { CatalogDatabase } from './data/database.js';
import type { CatalogLoaders } from './data/products.js';

export interface Context {
  identity: Identity;
  db: CatalogDatabase;
  loaders: CatalogLoaders;
}
