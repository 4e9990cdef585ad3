import type { AddressFields } from '../../../../shared/addresses/country-rules.js';

/** How many addresses one customer may keep. */
export const MAX_ADDRESSES_PER_CUSTOMER = 20;

export type DefaultKind = 'SHIPPING' | 'BILLING';

/** Who changed an address, as the audit trail writes it. */
export type Actor = `customer:${string}` | `staff:${string}`;

export interface AddressLike {
  id: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: Date;
}

/**
 * The default shipping address first, then the default billing one, then the rest oldest first:
 * the order an address picker shows.
 */
export function sortAddresses<T extends AddressLike>(addresses: readonly T[]): T[] {
  return [...addresses].sort(
    (a, b) =>
      Number(b.isDefaultShipping) - Number(a.isDefaultShipping) ||
      Number(b.isDefaultBilling) - Number(a.isDefaultBilling) ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.id < b.id ? -1 : 1),
  );
}

export function defaultAddressOf<T extends AddressLike>(addresses: readonly T[], kind: DefaultKind): T | null {
  return addresses.find((a) => (kind === 'SHIPPING' ? a.isDefaultShipping : a.isDefaultBilling)) ?? null;
}

const AUDITED_FIELDS: readonly (keyof AddressFields)[] = [
  'label',
  'recipient',
  'line1',
  'line2',
  'city',
  'postalCode',
  'region',
  'country',
  'phone',
];

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** What an edit changed, field by field, for the audit trail; empty when nothing did. */
export function changedFields(before: AddressFields | null, after: AddressFields | null): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of AUDITED_FIELDS) {
    const from = before ? before[field] : null;
    const to = after ? after[field] : null;
    if (from !== to) changes[field] = { from, to };
  }
  return changes;
}
