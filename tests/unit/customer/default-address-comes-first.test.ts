import { describe, expect, it } from 'vitest';
import { defaultAddress, sortAddresses } from '../../../subgraphs/customer/src/domain/addresses.js';

const address = (id: string, isDefault: boolean, day: number) => ({
  id,
  isDefault,
  createdAt: new Date(Date.UTC(2026, 0, day)),
});

describe('addresses', () => {
  it('lists the default address first, then the rest oldest first', () => {
    const sorted = sortAddresses([address('c', false, 3), address('b', true, 2), address('a', false, 1)]);
    expect(sorted.map((a) => a.id)).toEqual(['b', 'a', 'c']);
  });

  it('falls back to the oldest address when none is marked default', () => {
    expect(defaultAddress([address('new', false, 9), address('old', false, 1)])?.id).toBe('old');
    expect(defaultAddress([])).toBeNull();
  });
});
