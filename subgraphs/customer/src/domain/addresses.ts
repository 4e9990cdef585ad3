export interface AddressLike {
  isDefault: boolean;
  createdAt: Date;
}

/** The default address first, then the rest oldest first: the order an address picker shows. */
export function sortAddresses<T extends AddressLike>(addresses: readonly T[]): T[] {
  return [...addresses].sort(
    (a, b) => Number(b.isDefault) - Number(a.isDefault) || a.createdAt.getTime() - b.createdAt.getTime(),
  );
}

/** The address marked default, else the oldest one, else none. */
export function defaultAddress<T extends AddressLike>(addresses: readonly T[]): T | null {
  return sortAddresses(addresses)[0] ?? null;
}
