import { describe, expect, it } from 'vitest';
import { SIGN_IN_DELAYS, waitAfterFailures } from '../../../subgraphs/customer/src/domain/sign-in-delays.js';

const { freeFailures, maxWaitSeconds } = SIGN_IN_DELAYS;

describe('sign-in waits', () => {
  it('cost nothing for the first few failures, then double with each further one', () => {
    const waits = Array.from({ length: freeFailures + 5 }, (_, n) => waitAfterFailures(n + 1, false));
    expect(waits).toEqual([...Array(freeFailures).fill(0), 1, 2, 4, 8, 16]);
  });

  it('stop growing at the cap however long the guessing goes on, so nobody is locked out for good', () => {
    expect(waitAfterFailures(freeFailures + 40, false)).toBe(maxWaitSeconds);
    expect(waitAfterFailures(1_000_000, false)).toBe(maxWaitSeconds);
  });

  it('start at the first failure once the account as a whole is over its ceiling', () => {
    expect(waitAfterFailures(1, true)).toBe(1);
    expect(waitAfterFailures(2, true)).toBe(2);
  });
});
