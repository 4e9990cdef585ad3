import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import type { Address, Customer } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';
import { createPreferenceLoaders, type PreferenceLoaders } from './preferences.js';

export interface CustomerLoaders extends PreferenceLoaders {
  customerById: DataLoader<string, Customer | null>;
  addressesByCustomerId: DataLoader<string, Address[]>;
}

export function createCustomerLoaders(db: CustomerDatabase): CustomerLoaders {
  return {
    ...createPreferenceLoaders(db),
    customerById: keyedLoader(
      (ids) => db.customer.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
    addressesByCustomerId: groupedLoader(
      (ids) => db.address.findMany({ where: { customerId: { in: ids } } }),
      (row) => row.customerId,
    ),
  };
}
