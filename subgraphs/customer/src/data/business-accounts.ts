import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { newId } from '../../../../shared/ids.js';
import type { Address, Customer } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';

/**
 * Sets a customer's business flag and audits the change in the same transaction; the row is
 * locked so two admins flipping it at once record two true changes, never a lost one. Null when
 * there is no such active customer; setting the value already held changes and records nothing.
 */
export function setBusinessAccount(
  db: CustomerDatabase,
  customerId: string,
  business: boolean,
  audit: { actor: AuditActor; requestId: string | null },
): Promise<Customer | null> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ business: boolean; erasedAt: Date | null }[]>`
      SELECT business, erased_at AS "erasedAt" FROM customer WHERE id = ${customerId} FOR UPDATE`;
    const current = locked[0];
    if (!current || current.erasedAt) return null;
    if (current.business === business) return tx.customer.findUnique({ where: { id: customerId } });
    await tx.customerAudit.create({
      data: {
        id: newId(),
        customerId,
        actor: audit.actor,
        action: 'BUSINESS_ACCOUNT_SET',
        changes: { business: { from: current.business, to: business } },
        requestId: audit.requestId,
      },
    });
    return tx.customer.update({ where: { id: customerId }, data: { business } });
  });
}

export interface OrderingCustomer {
  email: string;
  business: boolean;
  addresses: Address[];
}

/** A customer as the order subgraph needs them to place an order for them; null if none or erased. */
export async function findOrderingCustomer(db: CustomerDatabase, customerId: string): Promise<OrderingCustomer | null> {
  const customer = await db.customer.findUnique({ where: { id: customerId }, include: { addresses: true } });
  if (!customer || customer.erasedAt) return null;
  return { email: customer.email.toLowerCase(), business: customer.business, addresses: customer.addresses };
}
