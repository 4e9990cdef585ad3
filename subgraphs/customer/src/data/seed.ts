import type { DemoShop } from '../../../../scripts/demo/shop.js';
import type { CustomerDatabase } from './database.js';

/** Inserts the demo customers and their addresses; existing rows (same id) are left alone. */
export async function seedCustomer(db: CustomerDatabase, shop: DemoShop): Promise<void> {
  await db.customer.createMany({
    data: shop.customers.map(({ addresses: _addresses, ...customer }) => customer),
    skipDuplicates: true,
  });
  await db.address.createMany({
    data: shop.customers.flatMap((customer) =>
      customer.addresses.map((address) => ({ ...address, customerId: customer.id })),
    ),
    skipDuplicates: true,
  });
}
