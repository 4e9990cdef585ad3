import type { AddressFields } from '../../shared/addresses/country-rules.js';

/** Per country: an address as typed, what is stored, and addresses refused with the field and wording. */
export const ADDRESSES_BY_COUNTRY: {
  country: string;
  valid: Partial<AddressFields>;
  stored: Partial<AddressFields>;
  invalid: [Partial<AddressFields>, keyof AddressFields, string][];
}[] = [
  {
    country: 'GB',
    valid: { city: 'London', postalCode: ' ec1y  8sy ', phone: '020 7946 0000' },
    stored: { postalCode: 'EC1Y 8SY', phone: '+442079460000' },
    invalid: [
      [{ postalCode: 'GIR 0AA EXTRA' }, 'postalCode', 'must be a United Kingdom postal code such as EC1Y 8SY'],
      [{ postalCode: '' }, 'postalCode', 'is required for a United Kingdom address'],
      [{ postalCode: 'EC1Y 8SY', city: '' }, 'city', 'is required for a United Kingdom address'],
    ],
  },
  {
    country: 'US',
    valid: { city: 'Cupertino', region: 'california', postalCode: '95014', phone: '(408) 996-1010' },
    stored: { region: 'US-CA', postalCode: '95014', phone: '+14089961010' },
    invalid: [
      [
        { postalCode: '95014' },
        'region',
        'is required for a United States address: the state, as its ISO 3166-2 code (e.g. US-AL) or its name (e.g. Alabama)',
      ],
      [{ region: 'CA', postalCode: '9501' }, 'postalCode', 'must be a United States ZIP code such as 95014'],
      [{ region: 'NY', postalCode: '95014' }, 'postalCode', 'must be a ZIP code of New York (US-NY), such as 10000'],
    ],
  },
  {
    country: 'DE',
    valid: { city: 'Berlin', postalCode: '10115', phone: '030 1234567' },
    stored: { postalCode: '10115', phone: '+49301234567' },
    invalid: [[{ postalCode: '1011' }, 'postalCode', 'must be a Germany postal code such as 26133']],
  },
  {
    country: 'FR',
    valid: { city: 'Paris', postalCode: '75001' },
    stored: { postalCode: '75001' },
    invalid: [[{ postalCode: '7500' }, 'postalCode', 'must be a France postal code such as 33380']],
  },
  {
    country: 'NL',
    valid: { city: 'Amsterdam', postalCode: '1012 JS' },
    stored: { postalCode: '1012 JS' },
    invalid: [[{ postalCode: '0123 AB' }, 'postalCode', 'must be a Netherlands postal code such as 1234 AB']],
  },
  {
    country: 'CA',
    valid: { city: 'Montréal', region: 'Quebec', postalCode: 'h3z 2y7' },
    stored: { region: 'CA-QC', postalCode: 'H3Z 2Y7' },
    invalid: [
      [
        { region: 'Narnia', postalCode: 'H3Z 2Y7' },
        'region',
        'must be a Canada province, as its ISO 3166-2 code (e.g. CA-AB) or its name (e.g. Alberta)',
      ],
      [{ region: 'QC', postalCode: 'H3Z 2Y' }, 'postalCode', 'must be a Canada postal code such as H3Z 2Y7'],
    ],
  },
  {
    country: 'JP',
    valid: { city: '', region: 'Tokyo', postalCode: '154-0023', phone: '03-1234-5678' },
    stored: { city: '', region: 'JP-13', postalCode: '154-0023', phone: '+81312345678' },
    invalid: [
      [{ region: 'Tokyo', postalCode: '1540' }, 'postalCode', 'must be a Japan postal code such as 154-0023'],
      [
        { postalCode: '154-0023' },
        'region',
        'is required for a Japan address: the prefecture, as its ISO 3166-2 code (e.g. JP-01) or its name (e.g. Hokkaido)',
      ],
    ],
  },
  {
    country: 'AU',
    valid: { city: 'Sydney', region: 'NSW', postalCode: '2000' },
    stored: { region: 'AU-NSW', postalCode: '2000' },
    invalid: [[{ region: 'NSW', postalCode: '200' }, 'postalCode', 'must be an Australia postal code such as 2060']],
  },
  {
    country: 'IE',
    valid: { city: 'Dublin', region: 'co. dublin', postalCode: '' },
    stored: { region: 'IE-D', postalCode: '' },
    invalid: [[{ postalCode: 'D02 X28' }, 'postalCode', 'must be an Ireland Eircode such as A65 F4E2']],
  },
  {
    country: 'IT',
    valid: { city: 'Roma', region: 'RM', postalCode: '00144' },
    stored: { region: 'IT-RM', postalCode: '00144' },
    invalid: [
      [
        { postalCode: '00144' },
        'region',
        'is required for an Italy address: the province, as its ISO 3166-2 code (e.g. IT-AG) or its name (e.g. Agrigento)',
      ],
    ],
  },
  {
    country: 'ES',
    valid: { city: 'Vitoria-Gasteiz', region: 'alava', postalCode: '01001' },
    stored: { region: 'ES-VI', postalCode: '01001' },
    invalid: [[{ region: 'M', postalCode: '2803' }, 'postalCode', 'must be a Spain postal code such as 28039']],
  },
  {
    country: 'BR',
    valid: { city: 'São Paulo', region: 'SP', postalCode: '01310-100' },
    stored: { region: 'BR-SP', postalCode: '01310-100' },
    invalid: [[{ region: 'SP', postalCode: '01310' }, 'postalCode', 'must be a Brazil postal code such as 40301-110']],
  },
  {
    country: 'IN',
    valid: { city: 'New Delhi', region: 'Delhi', postalCode: '110001' },
    stored: { region: 'IN-DL', postalCode: '110001' },
    invalid: [[{ region: 'DL', postalCode: '11000' }, 'postalCode', 'must be an India PIN code such as 110034']],
  },
  {
    country: 'CH',
    valid: { city: 'Zürich', postalCode: '8001' },
    stored: { postalCode: '8001' },
    invalid: [[{ postalCode: '80010' }, 'postalCode', 'must be a Switzerland postal code such as 2544']],
  },
  {
    country: 'SE',
    valid: { city: 'Stockholm', postalCode: '114 55' },
    stored: { postalCode: '114 55' },
    invalid: [[{ postalCode: '1145' }, 'postalCode', 'must be a Sweden postal code such as 11455']],
  },
  {
    country: 'PL',
    valid: { city: 'Warszawa', postalCode: '00-950', phone: '22 123 45 67' },
    stored: { postalCode: '00-950', phone: '+48221234567' },
    invalid: [
      [{ postalCode: '00950' }, 'postalCode', 'must be a Poland postal code such as 00-950'],
      [
        { postalCode: '00-950', phone: '12' },
        'phone',
        'must be a phone number in international format (e.g. +442079460000) or as dialled within Poland',
      ],
    ],
  },
];
