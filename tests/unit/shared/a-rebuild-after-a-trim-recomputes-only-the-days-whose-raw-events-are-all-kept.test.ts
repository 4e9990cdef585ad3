import { describe, expect, it } from 'vitest';
import { isRebuilt, rebuildsFrom } from '../../../shared/retention/analytics-events.js';

describe('the days a rebuild recomputes after raw analytics events were trimmed', () => {
  it('are all of them while nothing was trimmed', () => {
    expect(rebuildsFrom(null, 'UTC')).toBeNull();
    expect(isRebuilt('1999-01-01', null)).toBe(true);
  });

  it('start the day after the shop day of the latest trimmed event', () => {
    const trimmed = new Date('2033-01-25T10:00:00Z');
    expect(rebuildsFrom(trimmed, 'UTC')).toBe('2033-01-26');
    expect(isRebuilt('2033-01-25', '2033-01-26')).toBe(false);
    expect(isRebuilt('2033-01-26', '2033-01-26')).toBe(true);
    expect(isRebuilt('2033-02-01', '2033-01-26')).toBe(true);
  });

  it('follow the shop time zone, across a month and a year end', () => {
    // 23:30 UTC on 31 December is already 1 January in Berlin.
    const trimmed = new Date('2032-12-31T23:30:00Z');
    expect(rebuildsFrom(trimmed, 'UTC')).toBe('2033-01-01');
    expect(rebuildsFrom(trimmed, 'Europe/Berlin')).toBe('2033-01-02');
    expect(rebuildsFrom(new Date('2033-03-01T03:00:00Z'), 'America/New_York')).toBe('2033-03-01');
  });
});
