import type { CatalogDatabase } from './data/database.js';
import type { CatalogLoaders } from './data/products.js';

export interface Context {
  db: CatalogDatabase;
  loaders: CatalogLoaders;
}
