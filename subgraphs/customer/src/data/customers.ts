import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import type { Address, Customer, DataExport } from '../generated/prisma/client.js';
import { exportsOf } from './data-exports.js';
import type { CustomerDatabase } from './database.js';
import { createPreferenceLoaders, type PreferenceLoaders } from './preferences.js';

export interface CustomerLoaders extends PreferenceLoaders {
  customerById: DataLoader<string, Customer | null>;
  addressesByCustomerId: DataLoader<string, Address[]>;
  dataExportById: DataLoader<string, DataExport | null>;
  dataExportsByCustomerId: DataLoader<string, DataExport[]>;
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
    dataExportById: keyedLoader(
      (ids) => db.dataExport.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
    dataExportsByCustomerId: groupedLoader(
      (ids) => exportsOf(db, ids),
      (row) => row.customerId,
    ),
  };
}
