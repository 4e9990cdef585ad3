import { describe, expect, it } from 'vitest';
import { accountOldEnough } from '../../../subgraphs/review/src/domain/account-age.js';

const now = new Date('2026-12-06T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('accountOldEnough', () => {
  it('lets every account review when the shop sets no minimum', () => {
    expect(accountOldEnough(null, now, 0)).toEqual({ allowed: true });
    expect(accountOldEnough(now, now, 0)).toEqual({ allowed: true });
  });

  it('lets an account review from the moment it is exactly old enough', () => {
    expect(accountOldEnough(daysAgo(7), now, 7)).toEqual({ allowed: true });
    expect(accountOldEnough(daysAgo(30), now, 7)).toEqual({ allowed: true });
  });

  it('tells a younger account when it may', () => {
    expect(accountOldEnough(daysAgo(2), now, 7)).toEqual({
      allowed: false,
      allowedFrom: new Date('2026-12-11T12:00:00Z'),
    });
  });

  it('never lets an unknown account review', () => {
    expect(accountOldEnough(null, now, 7)).toEqual({ allowed: false, allowedFrom: null });
  });
});
