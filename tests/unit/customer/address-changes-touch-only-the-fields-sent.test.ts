import { describe, expect, it } from 'vitest';
import type { AddressFields } from '../../../shared/addresses/country-rules.js';
import { addressChangesInput, applyChanges } from '../../../shared/addresses/input.js';
import { parseInput } from '../../../shared/validation.js';

const stored: AddressFields = {
  label: 'Home',
  recipient: 'Ada Lovelace',
  line1: '12 St James Square',
  line2: 'Flat 2',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  region: '',
  country: 'GB',
  phone: '+442079460000',
};

const changed = (input: Record<string, unknown>) =>
  applyChanges(stored, parseInput(addressChangesInput, input, 'input'));

describe('address changes', () => {
  it('leave every field that was not sent as it was', () => {
    expect(changed({ label: ' Office ' })).toEqual({ ...stored, label: 'Office' });
    expect(changed({})).toEqual(stored);
  });

  it('clear an optional field sent as null or blank', () => {
    expect(changed({ line2: null, phone: null, label: '  ' })).toEqual({
      ...stored,
      line2: '',
      phone: null,
      label: '',
    });
  });

  it('refuse to remove a field every address has', () => {
    expect(() => changed({ recipient: null })).toThrow('input.recipient cannot be removed');
    expect(() => changed({ line1: '' })).toThrow('input.line1 must not be empty');
  });
});
