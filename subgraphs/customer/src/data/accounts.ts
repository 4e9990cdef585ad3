import { customerActor } from '../../../../shared/auth/audit-actor.js';
import { isUniqueViolation } from '../../../../shared/database.js';
import { conflict } from '../../../../shared/errors.js';
import { newId } from '../../../../shared/ids.js';
import type { RequestedValues } from '../domain/preferences.js';
import type { ProfileChanges, RegisterInput } from '../domain/profile-input.js';
import type { Customer } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';
import { appendPreferenceChangesWithin } from './preferences.js';

/**
 * Creates the account and, in the same transaction, records the preferences and consents given
 * at sign-up (source SIGN_UP, by the new customer): an account never exists without the consents
 * its owner gave when creating it.
 */
export async function createAccount(
  db: CustomerDatabase,
  input: Omit<RegisterInput, 'password'>,
  passwordHash: string,
  signUp: { preferences: RequestedValues | null; requestId: string },
): Promise<Customer> {
  try {
    return await db.$transaction(async (tx) => {
      const customer = await tx.customer.create({
        data: { id: newId(), email: input.email, name: input.name, phone: input.phone ?? null, passwordHash },
      });
      if (signUp.preferences) {
        await appendPreferenceChangesWithin(tx, {
          customerId: customer.id,
          requested: signUp.preferences,
          source: 'SIGN_UP',
          actor: customerActor(customer.id),
          requestId: signUp.requestId,
        });
      }
      return customer;
    });
  } catch (error) {
    // The unique index decides, so two registrations racing for one address cannot both win.
    if (isUniqueViolation(error)) {
      throw conflict('An account with this e-mail address already exists', { field: 'input.email' });
    }
    throw error;
  }
}

export function findByEmail(db: CustomerDatabase, email: string): Promise<Customer | null> {
  return db.customer.findUnique({ where: { email } });
}

/**
 * Optimistic locking in one statement: the row changes only if it is still at the version the
 * caller read, and the version moves on with it. Two writers that read the same version cannot
 * both succeed, so no update is silently lost. Returns the updated customer, the version the
 * caller should have read when theirs was stale, or null when there is no such customer.
 */
export async function updateProfileAtVersion(
  db: CustomerDatabase,
  customerId: string,
  expectedVersion: number,
  changes: ProfileChanges,
): Promise<Customer | { currentVersion: number } | null> {
  const { count } = await db.customer.updateMany({
    where: { id: customerId, version: expectedVersion },
    data: {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      version: { increment: 1 },
      // The profile is segment data too (domain/segments.ts): a cached entry must not outlive it.
      dataVersion: { increment: 1 },
    },
  });
  if (count === 1) return db.customer.findUnique({ where: { id: customerId } });
  const current = await db.customer.findUnique({ where: { id: customerId }, select: { version: true } });
  return current ? { currentVersion: current.version } : null;
}
