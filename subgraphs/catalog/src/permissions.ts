import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';
import { CATALOG_STAFF_ROLES } from './domain/product-visibility.js';

const CATALOG_STAFF = hasRole(...CATALOG_STAFF_ROLES);

/**
 * What the catalog serves is public: shoppers browse without signing in (drafts and archived
 * products stay hidden from them in the resolvers). Changing the catalog is for catalog_admin
 * and admin. Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Mutation: {
    createCategory: CATALOG_STAFF,
    updateCategory: CATALOG_STAFF,
    createProduct: CATALOG_STAFF,
    updateProduct: CATALOG_STAFF,
  },
};
