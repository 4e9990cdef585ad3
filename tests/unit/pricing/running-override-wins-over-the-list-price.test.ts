import { describe, expect, it } from 'vitest';
import { priceInForce } from '../../../subgraphs/pricing/src/domain/current-price.js';
import { activeOverride, isOverrideActiveAt } from '../../../subgraphs/pricing/src/domain/price-override.js';

const at = (iso: string) => new Date(iso);

const list = [{ amount: '20.00', validFrom: at('2026-01-01T00:00:00Z'), validTo: null }];
const override = {
  amount: '15.00',
  createdAt: at('2026-11-01T00:00:00Z'),
  expiresAt: at('2026-11-30T00:00:00Z'),
  revokedAt: null,
};

describe('price overrides', () => {
  it('apply from their creation (inclusive) until they expire (exclusive)', () => {
    expect(isOverrideActiveAt(override, at('2026-10-31T23:59:59.999Z'))).toBe(false);
    expect(isOverrideActiveAt(override, at('2026-11-01T00:00:00Z'))).toBe(true);
    expect(isOverrideActiveAt(override, at('2026-11-29T23:59:59.999Z'))).toBe(true);
    expect(isOverrideActiveAt(override, at('2026-11-30T00:00:00Z'))).toBe(false);
  });

  it('stop applying the moment they are revoked', () => {
    const revoked = { ...override, revokedAt: at('2026-11-10T00:00:00Z') };
    expect(isOverrideActiveAt(revoked, at('2026-11-09T23:59:59.999Z'))).toBe(true);
    expect(isOverrideActiveAt(revoked, at('2026-11-10T00:00:00Z'))).toBe(false);
  });

  it('win over the list price while they run, and give it back afterwards', () => {
    expect(priceInForce(list, [override], at('2026-11-15T00:00:00Z'))?.amount).toBe('15.00');
    expect(priceInForce(list, [override], at('2026-12-01T00:00:00Z'))?.amount).toBe('20.00');
    expect(priceInForce(list, [override], at('2026-10-01T00:00:00Z'))?.amount).toBe('20.00');
  });

  it('set a price even where the product has no list price in the currency', () => {
    expect(priceInForce([], [override], at('2026-11-15T00:00:00Z'))?.amount).toBe('15.00');
    expect(priceInForce([], [override], at('2026-12-01T00:00:00Z'))).toBeNull();
  });

  it('let the most recently created one win should two ever overlap', () => {
    const newer = { ...override, amount: '12.00', createdAt: at('2026-11-05T00:00:00Z') };
    expect(activeOverride([newer, override], at('2026-11-15T00:00:00Z'))?.amount).toBe('12.00');
    expect(activeOverride([override, newer], at('2026-11-15T00:00:00Z'))?.amount).toBe('12.00');
    expect(activeOverride([override, newer], at('2026-11-02T00:00:00Z'))?.amount).toBe('15.00');
  });
});
