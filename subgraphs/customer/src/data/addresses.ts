import type { AddressFields } from '../../../../shared/addresses/country-rules.js';
import { newId } from '../../../../shared/ids.js';
import {
  type Actor,
  changedFields,
  type DefaultKind,
  type FieldChanges,
  MAX_ADDRESSES_PER_CUSTOMER,
} from '../domain/address-book.js';
import type { Address, Prisma } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';

type Transaction = Prisma.TransactionClient;
type AuditAction = 'ADDED' | 'UPDATED' | 'REMOVED' | 'DEFAULT_SET';

/** Address-book writes of one customer wait for each other here; see lockCustomer. */
const ADDRESS_BOOK_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/**
 * Locks the customer's row until the transaction ends, or answers false when there is no such (or an erased)
 * customer. Every write that depends on the customer's other addresses (how many there are,
 * which one is default) takes this lock first, so two of them for one customer run one after
 * the other and each sees what the other did: parallel adds cannot pass the limit, and parallel
 * "set default" calls leave exactly one default.
 */
async function lockCustomer(tx: Transaction, customerId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM customer WHERE id = ${customerId} AND erased_at IS NULL FOR UPDATE`;
  return rows.length === 1;
}

function audit(
  tx: Transaction,
  entry: { customerId: string; addressId: string; actor: Actor; action: AuditAction; changes: FieldChanges },
) {
  return tx.addressAudit.create({ data: { id: newId(), ...entry, changes: entry.changes as Prisma.InputJsonObject } });
}

export function fieldsOf(address: Address): AddressFields {
  const { label, recipient, line1, line2, city, postalCode, region, country, phone } = address;
  return { label, recipient, line1, line2, city, postalCode, region, country, phone };
}

export function findAddress(db: CustomerDatabase, customerId: string, addressId: string): Promise<Address | null> {
  return db.address.findFirst({ where: { id: addressId, customerId } });
}

export type AddOutcome = Address | 'NO_SUCH_CUSTOMER' | 'FULL';

/**
 * Adds an address, unless the customer has MAX_ADDRESSES_PER_CUSTOMER already. A customer
 * without a default shipping (or billing) address gets this one as that default, so the first
 * address a new customer adds is the one checkout offers.
 */
export function addAddress(
  db: CustomerDatabase,
  customerId: string,
  fields: AddressFields,
  actor: Actor,
): Promise<AddOutcome> {
  return db.$transaction(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) return 'NO_SUCH_CUSTOMER';
    const existing = await tx.address.findMany({
      where: { customerId },
      select: { isDefaultShipping: true, isDefaultBilling: true },
    });
    if (existing.length >= MAX_ADDRESSES_PER_CUSTOMER) return 'FULL';
    const address = await tx.address.create({
      data: {
        id: newId(),
        customerId,
        ...fields,
        isDefaultShipping: !existing.some((a) => a.isDefaultShipping),
        isDefaultBilling: !existing.some((a) => a.isDefaultBilling),
      },
    });
    await audit(tx, {
      customerId,
      addressId: address.id,
      actor,
      action: 'ADDED',
      changes: {
        ...changedFields(null, fields),
        ...(address.isDefaultShipping ? { isDefaultShipping: { from: null, to: true } } : {}),
        ...(address.isDefaultBilling ? { isDefaultBilling: { from: null, to: true } } : {}),
      },
    });
    return address;
  }, ADDRESS_BOOK_TRANSACTION);
}

export type UpdateOutcome = Address | { currentVersion: number } | null;

/**
 * Optimistic locking, as for profiles: the address changes only if it is still at the version
 * the caller read, and its version moves on with it, so of two edits made from the same version
 * one wins and the other is told (currentVersion) and changes nothing. Null: no such address of
 * this customer.
 */
export function updateAddressAtVersion(
  db: CustomerDatabase,
  change: {
    customerId: string;
    addressId: string;
    expectedVersion: number;
    before: AddressFields;
    after: AddressFields;
  },
  actor: Actor,
): Promise<UpdateOutcome> {
  const { customerId, addressId, expectedVersion } = change;
  const changes = changedFields(change.before, change.after);
  const changesSomething = Object.keys(changes).length > 0;
  return db.$transaction(async (tx) => {
    let updated = false;
    if (changesSomething) {
      const { count } = await tx.address.updateMany({
        where: { id: addressId, customerId, version: expectedVersion },
        data: { ...change.after, version: { increment: 1 } },
      });
      updated = count === 1;
      if (updated) await audit(tx, { customerId, addressId, actor, action: 'UPDATED', changes });
    }
    const current = await tx.address.findFirst({ where: { id: addressId, customerId } });
    if (!current) return null;
    // An edit that changes nothing still needs the version the caller read to be the current one.
    const accepted = changesSomething ? updated : current.version === expectedVersion;
    return accepted ? current : { currentVersion: current.version };
  }, ADDRESS_BOOK_TRANSACTION);
}

/**
 * Removes an address; false when the customer has no such address. Orders keep the copy of the
 * address they were placed with, so removing it changes no order.
 */
export function removeAddress(
  db: CustomerDatabase,
  customerId: string,
  addressId: string,
  actor: Actor,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) return false;
    const address = await tx.address.findFirst({ where: { id: addressId, customerId } });
    if (!address) return false;
    await tx.address.delete({ where: { id: addressId } });
    await audit(tx, {
      customerId,
      addressId,
      actor,
      action: 'REMOVED',
      changes: changedFields(fieldsOf(address), null),
    });
    return true;
  }, ADDRESS_BOOK_TRANSACTION);
}

/**
 * Makes an address the customer's default of one kind and clears the previous one, in one
 * transaction under the customer's lock; the partial unique indexes (one default of each kind
 * per customer) would refuse anything else. False when the customer has no such address.
 */
export function setDefaultAddress(
  db: CustomerDatabase,
  customerId: string,
  addressId: string,
  kind: DefaultKind,
  actor: Actor,
): Promise<boolean> {
  const flag = kind === 'SHIPPING' ? 'isDefaultShipping' : 'isDefaultBilling';
  return db.$transaction(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) return false;
    const address = await tx.address.findFirst({ where: { id: addressId, customerId } });
    if (!address) return false;
    if (address[flag]) return true;
    const previous = await tx.address.findFirst({ where: { customerId, [flag]: true }, select: { id: true } });
    if (previous) {
      await tx.address.update({ where: { id: previous.id }, data: { [flag]: false } });
      await audit(tx, {
        customerId,
        addressId: previous.id,
        actor,
        action: 'DEFAULT_SET',
        changes: { [flag]: { from: true, to: false } },
      });
    }
    await tx.address.update({ where: { id: addressId }, data: { [flag]: true } });
    await audit(tx, {
      customerId,
      addressId,
      actor,
      action: 'DEFAULT_SET',
      changes: { [flag]: { from: false, to: true } },
    });
    return true;
  }, ADDRESS_BOOK_TRANSACTION);
}
