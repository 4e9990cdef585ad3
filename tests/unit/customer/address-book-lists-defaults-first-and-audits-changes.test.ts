import { describe, expect, it } from 'vitest';
import type { AddressFields } from '../../../shared/addresses/country-rules.js';
import { changedFields, defaultAddressOf, sortAddresses } from '../../../subgraphs/customer/src/domain/address-book.js';

const address = (id: string, defaults: { shipping?: boolean; billing?: boolean }, day: number) => ({
  id,
  isDefaultShipping: defaults.shipping ?? false,
  isDefaultBilling: defaults.billing ?? false,
  createdAt: new Date(Date.UTC(2026, 0, day)),
});

describe('address book', () => {
  it('lists the default shipping address first, then the default billing one, then the rest oldest first', () => {
    const sorted = sortAddresses([
      address('d', {}, 4),
      address('billing', { billing: true }, 3),
      address('shipping', { shipping: true }, 2),
      address('a', {}, 1),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['shipping', 'billing', 'a', 'd']);
  });

  it('gives the address marked default of each kind, and none when none is marked', () => {
    const book = [
      address('old', {}, 1),
      address('home', { shipping: true }, 2),
      address('office', { billing: true }, 3),
    ];
    expect(defaultAddressOf(book, 'SHIPPING')?.id).toBe('home');
    expect(defaultAddressOf(book, 'BILLING')?.id).toBe('office');
    expect(defaultAddressOf([address('only', {}, 1)], 'SHIPPING')).toBeNull();
  });

  it('audits only the fields an edit changed, with their old and new values', () => {
    const before: AddressFields = {
      label: 'Home',
      recipient: 'Ada Lovelace',
      line1: '12 St James Square',
      line2: '',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      region: '',
      country: 'GB',
      phone: null,
    };
    expect(changedFields(before, { ...before, line2: 'Flat 2', phone: '+442079460000' })).toEqual({
      line2: { from: '', to: 'Flat 2' },
      phone: { from: null, to: '+442079460000' },
    });
    expect(changedFields(before, before)).toEqual({});
    expect(changedFields(null, before).city).toEqual({ from: null, to: 'London' });
  });
});
