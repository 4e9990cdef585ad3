import { describe, expect, it } from 'vitest';
import { DEFAULT_HOLD_MAX_AGE_SECONDS, holdMaxAgeSeconds } from '../../../subgraphs/promotion/src/jobs/index.js';

describe('PROMOTION_HOLD_MAX_AGE_SECONDS', () => {
  it('defaults to an hour', () => {
    expect(DEFAULT_HOLD_MAX_AGE_SECONDS).toBe(3600);
    expect(holdMaxAgeSeconds({})).toBe(3600);
    expect(holdMaxAgeSeconds({ PROMOTION_HOLD_MAX_AGE_SECONDS: '' })).toBe(3600);
  });

  it('takes a whole number of seconds, at least one', () => {
    expect(holdMaxAgeSeconds({ PROMOTION_HOLD_MAX_AGE_SECONDS: '7200' })).toBe(7200);
  });

  it('refuses anything else, naming the variable', () => {
    for (const value of ['0', '-1', '1.5', '1e4', 'hour']) {
      expect(() => holdMaxAgeSeconds({ PROMOTION_HOLD_MAX_AGE_SECONDS: value })).toThrow(
        /PROMOTION_HOLD_MAX_AGE_SECONDS/,
      );
    }
  });
});
