import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import {
  CUSTOMER_AGGREGATE,
  type CustomerErasedPayload,
  CustomerEventType,
} from '../../../../shared/events/customer-events.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import { anonymisedAuditChanges, anonymisedProfile, ERASED_REQUEST_ID } from '../domain/erasure.js';
import type { RevocationReason } from '../domain/refresh-tokens.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';

export type ErasureOutcome =
  | { erased: true; erasedAt: Date }
  | { erased: false; reason: 'NOT_FOUND' | 'ALREADY_ERASED' };

/**
 * Erases a customer in one transaction, holding their row: the profile is anonymised and the
 * account can no longer sign in (no password, an e-mail no one owns); addresses and data exports
 * are deleted; refresh tokens are revoked (ERASED); address audit rows keep who changed which
 * field and when, not the values; consent history keeps every change but its request id
 * (the migration's trigger allows exactly that, and only for an erased customer); and the
 * CustomerErased event, without personal values, tells the other subgraphs to anonymise their
 * copies. `beforeCommit` runs last inside the transaction (the access-token revocation): if it
 * fails, nothing is erased.
 */
export async function eraseCustomerRecord(
  db: CustomerDatabase,
  customerId: string,
  actor: AuditActor,
  correlationId: string,
  beforeCommit: (erasedAt: Date) => Promise<void>,
): Promise<ErasureOutcome> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ erased_at: Date | null }[]>`
        SELECT erased_at FROM customer WHERE id = ${customerId} FOR UPDATE`;
      const row = rows[0];
      if (!row) return { erased: false, reason: 'NOT_FOUND' } as const;
      if (row.erased_at) return { erased: false, reason: 'ALREADY_ERASED' } as const;
      const erasedAt = new Date();
      await tx.customer.update({
        where: { id: customerId },
        data: { ...anonymisedProfile(customerId), erasedAt, version: { increment: 1 } },
      });
      await tx.address.deleteMany({ where: { customerId } });
      await tx.dataExport.deleteMany({ where: { customerId } });
      await tx.refreshToken.updateMany({
        where: { customerId, revokedAt: null },
        data: { revokedAt: erasedAt, revokedReason: 'ERASED' satisfies RevocationReason },
      });
      await anonymiseAddressAudit(tx, customerId);
      await tx.$queryRaw`SELECT set_config('customer.erasing', ${customerId}, true)`;
      await tx.$executeRaw`
        UPDATE preference_change SET request_id = ${ERASED_REQUEST_ID}
        WHERE customer_id = ${customerId} AND request_id <> ${ERASED_REQUEST_ID}`;
      await appendToOutbox<CustomerErasedPayload>(
        tx,
        {
          type: CustomerEventType.CustomerErased,
          aggregateType: CUSTOMER_AGGREGATE,
          aggregateId: customerId,
          payload: { customerId, erasedAt: erasedAt.toISOString(), actor },
          correlationId,
        },
        erasedAt,
      );
      await beforeCommit(erasedAt);
      return { erased: true, erasedAt } as const;
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

async function anonymiseAddressAudit(tx: Prisma.TransactionClient, customerId: string): Promise<void> {
  const audits = await tx.addressAudit.findMany({ where: { customerId }, select: { id: true, changes: true } });
  for (const audit of audits) {
    await tx.addressAudit.update({
      where: { id: audit.id },
      data: { changes: anonymisedAuditChanges(audit.changes) },
    });
  }
}
