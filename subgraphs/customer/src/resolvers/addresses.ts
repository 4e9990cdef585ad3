import { type AddressFields, applyCountryRules } from '../../../../shared/addresses/country-rules.js';
import { addressChangesInput, applyChanges, newAddressInput } from '../../../../shared/addresses/input.js';
import type { Identity } from '../../../../shared/auth/identity.js';
import { badUserInput, conflict, notFound } from '../../../../shared/errors.js';
import { parseInput, z } from '../../../../shared/validation.js';
import {
  addAddress,
  fieldsOf,
  findAddress,
  removeAddress,
  setDefaultAddress,
  updateAddressAtVersion,
} from '../data/addresses.js';
import type { CustomerLoaders } from '../data/customers.js';
import { type Actor, MAX_ADDRESSES_PER_CUSTOMER } from '../domain/address-book.js';
import type { MutationResolvers } from '../generated/graphql.js';
import { customerActedOn } from './customer-acted-on.js';

const NO_SUCH_CUSTOMER = 'No such customer';
const NO_SUCH_ADDRESS = 'No such address';

/** Whose address book a call changes, and who is changing it. */
function addressBookOf(
  identity: Identity,
  customerId: string | null | undefined,
): { customerId: string; actor: Actor } {
  const whose = customerActedOn(identity, customerId, 'address book');
  const actor: Actor = whose.byStaff ? `staff:${identity.subject}` : `customer:${whose.customerId}`;
  return { customerId: whose.customerId, actor };
}

/** The country's rules, or BAD_USER_INPUT naming the field (input.postalCode) and what it expects. */
function checkedAddress(draft: AddressFields): AddressFields {
  const check = applyCountryRules(draft);
  if ('problem' in check) {
    const field = `input.${check.problem.field}`;
    throw badUserInput(`${field} ${check.problem.message}`, field);
  }
  return check.address;
}

async function customerNamed(loaders: CustomerLoaders, customerId: string) {
  const customer = await loaders.customerById.load(customerId);
  if (!customer) throw notFound(NO_SUCH_CUSTOMER);
  return customer;
}

const expectedVersionInput = z.number().int().min(1);
const addressId = z.string().min(1).max(64);

export const addressMutations: MutationResolvers = {
  addAddress: async (_parent, args, { db, identity }) => {
    const book = addressBookOf(identity, args.customerId);
    const address = checkedAddress(parseInput(newAddressInput, args.input, 'input'));
    const outcome = await addAddress(db, book.customerId, address, book.actor);
    if (outcome === 'NO_SUCH_CUSTOMER') throw notFound(NO_SUCH_CUSTOMER);
    if (outcome === 'FULL') {
      throw conflict(`A customer keeps at most ${MAX_ADDRESSES_PER_CUSTOMER} addresses; remove one first`, {
        limit: MAX_ADDRESSES_PER_CUSTOMER,
      });
    }
    return outcome;
  },

  updateAddress: async (_parent, args, { db, identity }) => {
    const book = addressBookOf(identity, args.customerId);
    const id = parseInput(addressId, args.id, 'id');
    const changes = parseInput(addressChangesInput, args.input, 'input');
    const expectedVersion = parseInput(expectedVersionInput, args.expectedVersion, 'expectedVersion');
    const current = await findAddress(db, book.customerId, id);
    if (!current) throw notFound(NO_SUCH_ADDRESS);
    const stale = (currentVersion: number) =>
      conflict(`The address changed since version ${expectedVersion}; reload it and try again`, { currentVersion });
    // A stale edit is refused before it is judged: its author must first see what changed.
    if (current.version !== expectedVersion) throw stale(current.version);
    const before = fieldsOf(current);
    const after = checkedAddress(applyChanges(before, changes));
    const outcome = await updateAddressAtVersion(
      db,
      { customerId: book.customerId, addressId: id, expectedVersion, before, after },
      book.actor,
    );
    if (!outcome) throw notFound(NO_SUCH_ADDRESS);
    if ('currentVersion' in outcome) throw stale(outcome.currentVersion);
    return outcome;
  },

  removeAddress: async (_parent, args, { db, identity, loaders }) => {
    const book = addressBookOf(identity, args.customerId);
    const removed = await removeAddress(db, book.customerId, parseInput(addressId, args.id, 'id'), book.actor);
    if (!removed) throw notFound(NO_SUCH_ADDRESS);
    return customerNamed(loaders, book.customerId);
  },

  setDefaultAddress: async (_parent, args, { db, identity, loaders }) => {
    const book = addressBookOf(identity, args.customerId);
    const set = await setDefaultAddress(
      db,
      book.customerId,
      parseInput(addressId, args.id, 'id'),
      args.kind,
      book.actor,
    );
    if (!set) throw notFound(NO_SUCH_ADDRESS);
    return customerNamed(loaders, book.customerId);
  },
};
