import type { DemoShop } from '../../../../scripts/demo/shop.js';
import { MoneyDecimal } from '../../../../shared/money.js';
import { hashPassword } from '../domain/passwords.js';
import type { CustomerDatabase } from './database.js';

/**
 * Inserts the demo customers and their addresses; existing rows (same id) are left alone. Outside
 * production each demo customer gets the development password the README lists, unless one was
 * set already (a password the customer changed stays), so a frontend can sign in through the API.
 */
export async function seedCustomer(db: CustomerDatabase, shop: DemoShop): Promise<void> {
  await db.customer.createMany({
    data: shop.customers.map(({ addresses: _addresses, demoPassword: _password, ...customer }) => customer),
    skipDuplicates: true,
  });
  await db.address.createMany({
    data: shop.customers.flatMap((customer) =>
      customer.addresses.map(({ isDefault, ...address }) => ({
        ...address,
        customerId: customer.id,
        isDefaultShipping: isDefault,
        isDefaultBilling: isDefault,
      })),
    ),
    skipDuplicates: true,
  });
  // The demo's orders were paid before any event could tell this subgraph: their facts are
  // seeded as the OrderPaid events would have recorded them, so segments match the demo history.
  await db.customerOrderFact.createMany({
    data: shop.orders
      .filter((order) => order.history.some((step) => step.to === 'PAID'))
      .map((order) => ({
        orderId: order.id,
        customerId: order.customerId,
        currency: order.currency,
        amount: order.lines
          .reduce((sum, line) => sum.plus(new MoneyDecimal(line.unitPrice).times(line.quantity)), new MoneyDecimal(0))
          .toFixed(),
        paidAt: new Date(Date.UTC(2026, 0, 2)),
      })),
    skipDuplicates: true,
  });
  if (process.env.NODE_ENV === 'production') return;
  const withoutPassword = await db.customer.findMany({
    where: { id: { in: shop.customers.map((customer) => customer.id) }, passwordHash: null },
    select: { id: true },
  });
  for (const customer of shop.customers.filter((c) => withoutPassword.some(({ id }) => id === c.id))) {
    await db.customer.updateMany({
      where: { id: customer.id, passwordHash: null },
      data: { passwordHash: await hashPassword(customer.demoPassword) },
    });
  }
}
