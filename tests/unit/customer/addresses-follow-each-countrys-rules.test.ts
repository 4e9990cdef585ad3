import { describe, expect, it } from 'vitest';
import { type AddressFields, applyCountryRules, findSubdivision } from '../../../shared/addresses/country-rules.js';
import { ADDRESSES_BY_COUNTRY as COUNTRIES } from '../../support/addresses-by-country.js';

const address = (fields: Partial<AddressFields> & Pick<AddressFields, 'country'>): AddressFields => ({
  label: '',
  recipient: 'Sam Shopper',
  line1: '1 Main Street',
  line2: '',
  city: 'Town',
  postalCode: '',
  region: '',
  phone: null,
  ...fields,
});

describe('addresses follow their country’s rules', () => {
  it('covers at least fifteen countries', () => {
    expect(COUNTRIES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(COUNTRIES.map((c) => [c.country, c] as const))('accepts and normalises a valid %s address', (_, c) => {
    const result = applyCountryRules(address({ country: c.country, ...c.valid }));
    expect(result).toEqual({ address: address({ country: c.country, ...c.valid, ...c.stored }) });
  });

  it.each(
    COUNTRIES.flatMap((c) => c.invalid.map(([fields, field, message]) => [c.country, field, message, fields] as const)),
  )('refuses a %s address naming input.%s: "%s"', (country, field, message, fields) => {
    expect(applyCountryRules(address({ country, ...fields }))).toEqual({ problem: { field, message } });
  });

  it('reads a region as its ISO 3166-2 code, with or without the country, or by any of its names, in any case', () => {
    for (const written of ['US-CA', 'us-ca', 'CA', 'California', 'CALIFORNIA']) {
      expect(findSubdivision('US', written)?.key, written).toBe('CA');
    }
    expect(findSubdivision('JP', '北海道')?.key).toBe('01');
    expect(findSubdivision('US', 'Narnia')).toBeNull();
  });

  it('tests the whole postal code, though libaddressinput’s GB pattern is unanchored', () => {
    for (const postalCode of ['GIR 0AAX', 'XEC1Y 8SY', 'BFPO 12345', 'EC1Y 8SYZ']) {
      expect(applyCountryRules(address({ country: 'GB', postalCode })), postalCode).toHaveProperty(
        'problem.field',
        'postalCode',
      );
    }
    expect(applyCountryRules(address({ country: 'GB', postalCode: 'bfpo 61' }))).toHaveProperty(
      'address.postalCode',
      'BFPO 61',
    );
  });

  it('keeps free text as the region where the country has no subdivisions in the data', () => {
    const result = applyCountryRules(address({ country: 'GB', postalCode: 'EC1Y 8SY', region: 'Greater London' }));
    expect(result).toHaveProperty('address.region', 'Greater London');
  });

  it('reads a phone number in international format whatever the address’s country', () => {
    const result = applyCountryRules(address({ country: 'DE', postalCode: '10115', phone: '+44 20 7946 0000' }));
    expect(result).toHaveProperty('address.phone', '+442079460000');
  });
});
