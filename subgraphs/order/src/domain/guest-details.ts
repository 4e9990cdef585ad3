import { type AddressFields, applyCountryRules } from '../../../../shared/addresses/country-rules.js';
import { newAddressInput } from '../../../../shared/addresses/input.js';

/**
 * A guest's shipping address is held to the rules of a customer's address book
 * (shared/addresses/): the same shape, then the same per-country rules. Only what an order's
 * address keeps is asked for (no label, no phone).
 */
export const guestAddressInput = newAddressInput.omit({ label: true, phone: true });

/** What an order keeps of a shipping address (OrderAddress): an address-book entry without label and phone. */
export type GuestAddress = Omit<AddressFields, 'label' | 'phone'>;

export type GuestAddressCheck = { address: GuestAddress } | { problem: { field: string; message: string } };

/** The address normalised by its country's rules (postal code's case, region as ISO 3166-2), or the first problem. */
export function checkGuestAddress(draft: GuestAddress): GuestAddressCheck {
  const check = applyCountryRules({ ...draft, label: '', phone: null });
  if ('problem' in check) return check;
  const { recipient, line1, line2, city, postalCode, region, country } = check.address;
  return { address: { recipient, line1, line2, city, postalCode, region, country } };
}
