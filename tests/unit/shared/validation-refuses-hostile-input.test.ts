import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countryCode,
  currencyCode,
  email,
  freeText,
  parseInput,
  phone,
  shortText,
  z,
} from '../../../shared/validation.js';

const NAME = shortText(100);
const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe('input validation', () => {
  it('normalises e-mail addresses to lower case and refuses non-addresses', () => {
    expect(parseInput(email, '  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    for (const bad of ['ada', 'ada@', '@example.com', 'a b@example.com', `${'a'.repeat(250)}@example.com`]) {
      expect(accepts(email, bad)).toBe(false);
    }
  });

  it('turns phone numbers into E.164 and refuses what is not one', () => {
    expect(parseInput(phone, '+44 20 7946 0000')).toBe('+442079460000');
    expect(parseInput(phone, '+1 (202) 555-0143')).toBe('+12025550143');
    for (const bad of ['12345', '+999 1234', 'call me', '+4420794600001234567890'])
      expect(accepts(phone, bad)).toBe(false);
  });

  it('accepts ISO country and currency codes only', () => {
    expect(parseInput(countryCode, 'de')).toBe('DE');
    expect(accepts(countryCode, 'XX')).toBe(false);
    expect(accepts(countryCode, 'DEU')).toBe(false);
    expect(parseInput(currencyCode, 'EUR')).toBe('EUR');
    expect(accepts(currencyCode, 'XBT')).toBe(false);
  });

  it('stores one form of each accented name (NFC)', () => {
    const decomposed = 'Jose\u0301';
    expect(parseInput(NAME, decomposed)).toBe('José');
    expect(parseInput(NAME, decomposed)).toBe(parseInput(NAME, 'Jos\u00e9'));
  });

  it('reports the failing field by its path, with BAD_USER_INPUT', () => {
    const schema = z.object({ name: NAME, phone });
    expect(() => parseInput(schema, { name: 'Ada', phone: 'nope' }, 'input')).toThrowError(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.phone' }),
      }),
    );
  });

  it('never lets markup or control characters into a short field, whatever surrounds them', () => {
    const hostile = fc.constantFrom(
      '<script>',
      '<img src=x onerror=alert(1)>',
      '&lt;',
      '&#x3C;',
      '\u0000',
      '\u202e',
      '\u200b',
      '\u001b[31m',
      '\r',
    );
    fc.assert(
      fc.property(fc.string(), hostile, fc.string(), (before, bad, after) => {
        const value = `${before}${bad}${after}`;
        const result = NAME.safeParse(value);
        if (!result.success) return true;
        // Accepted only if trimming removed it (a control character at either end).
        return !/[<>\p{Cc}\p{Cf}]|&[#a-z0-9]+;/iu.test(result.data);
      }),
    );
  });

  it('accepts every ordinary name in any script, unchanged but for NFC and trimming', () => {
    const letters = fc.string({
      unit: fc.constantFrom(..."abcxyzÄÖÜßéèçñøåłżźćęąşğıабвгдеёжзαβγδ漢字かなカナ한글 -'".split('')),
      minLength: 1,
      maxLength: 60,
    });
    fc.assert(
      fc.property(letters, (name) => {
        fc.pre(name.trim().length > 0);
        return parseInput(NAME, name) === name.normalize('NFC').trim();
      }),
    );
  });

  it('keeps free text as written, line breaks included, but refuses hidden controls', () => {
    const text = freeText(2000);
    expect(parseInput(text, 'Great beans.\r\nWould buy <again> & again!')).toBe(
      'Great beans.\nWould buy <again> & again!',
    );
    expect(accepts(text, 'ok\u0000')).toBe(false);
    expect(accepts(text, 'x'.repeat(2001))).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (value) => {
        const result = text.safeParse(value);
        return !result.success || !/\p{Cc}/u.test(result.data.replace(/[\n\t]/g, ''));
      }),
    );
  });
});
