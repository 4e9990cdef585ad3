import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_CURRENCIES } from '../../../shared/currency.js';
import {
  openEntry,
  priceCacheKeys,
  rateCacheKeys,
  sealEntry,
} from '../../../subgraphs/pricing/src/domain/cache-entry.js';

const secret = randomBytes(32);
const PRODUCT = '01KDVDNA06S723H82GXNDCXWZR';
const OTHER = '01KDVDNA06S723H82GXNDCXWZS';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulids = fc.string({ unit: fc.constantFrom(...CROCKFORD), minLength: 26, maxLength: 26 });

describe('price cache keys', () => {
  it('are distinct for distinct (product, currency) pairs', () => {
    fc.assert(
      fc.property(
        ulids,
        ulids,
        fc.constantFrom(...SUPPORTED_CURRENCIES),
        fc.constantFrom(...SUPPORTED_CURRENCIES),
        (a, b, x, y) => {
          const first = priceCacheKeys(a, x);
          const second = priceCacheKeys(b, y);
          expect(first).not.toBeNull();
          expect(first?.entry === second?.entry).toBe(a === b && x === y);
          expect(first?.generation === second?.generation).toBe(a === b && x === y);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['a separator in the id', `${PRODUCT.slice(0, 25)}:`, 'EUR'],
    ['an id that spells another key', `${PRODUCT}:EUR`, 'USD'],
    ['a currency with a separator', PRODUCT, 'EUR:X'],
    ['a lower-case currency', PRODUCT, 'eur'],
    ['a currency outside the allowlist', PRODUCT, 'XXX'],
    ['a Cyrillic look-alike in the currency', PRODUCT, 'EUR'.replace('E', '\u0415')],
    ['a Cyrillic look-alike in the id', PRODUCT.replace('A', '\u0410'), 'EUR'],
    ['a fullwidth digit in the id', PRODUCT.replace('0', '\uff10'), 'EUR'],
    ['a lower-case id', PRODUCT.toLowerCase(), 'EUR'],
    ['a very long id', PRODUCT.repeat(400), 'EUR'],
    ['an empty id', '', 'EUR'],
    ['a newline', `${PRODUCT.slice(0, 25)}\n`, 'EUR'],
  ])('are not built at all for %s (the price is read from the database instead)', (_what, productId, currency) => {
    expect(priceCacheKeys(productId, currency)).toBeNull();
  });

  it('keep prices and exchange rates in separate namespaces', () => {
    expect(priceCacheKeys(PRODUCT, 'USD')?.entry).toBe(`pricing:price:v1:${PRODUCT}:USD`);
    expect(rateCacheKeys('EUR', 'USD').entry).toBe('pricing:rate:v1:EUR:USD');
  });
});

describe('cached values', () => {
  const key = priceCacheKeys(PRODUCT, 'EUR')?.entry ?? '';
  const otherKey = priceCacheKeys(OTHER, 'EUR')?.entry ?? '';
  const payload = { list: [{ id: 'x', amount: '9.99' }], overrides: [] };

  it('are served under the key, generation and secret they were sealed with', () => {
    expect(openEntry(secret, sealEntry(secret, key, '3', payload), key, '3')).toEqual({ ok: true, payload });
  });

  it('are refused under another key, even when genuinely sealed (a copied entry)', () => {
    expect(openEntry(secret, sealEntry(secret, key, '0', payload), otherKey, '0')).toEqual({
      ok: false,
      why: 'forged',
    });
  });

  it('are stale once the price changed since they were read (the generation moved on)', () => {
    expect(openEntry(secret, sealEntry(secret, key, '3', payload), key, '4')).toEqual({ ok: false, why: 'stale' });
  });

  it('are refused when written by hand, with another secret, or tampered with', () => {
    const cheap = { list: [{ id: 'x', amount: '0.01' }], overrides: [] };
    const byHand = JSON.stringify({ k: key, g: '0', v: JSON.stringify(cheap), m: '00'.repeat(32) });
    const otherSecret = sealEntry(randomBytes(32), key, '0', cheap);
    const tampered = sealEntry(secret, key, '0', payload).replace('9.99', '0.01');
    for (const raw of [byHand, otherSecret, tampered, 'not json', '{}', '[]', 'null', '"x"']) {
      expect(openEntry(secret, raw, key, '0')).toEqual({ ok: false, why: 'forged' });
    }
    expect(openEntry(secret, null, key, '0')).toEqual({ ok: false, why: 'absent' });
  });
});
