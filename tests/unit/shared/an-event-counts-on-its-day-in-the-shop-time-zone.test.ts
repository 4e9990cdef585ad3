import { describe, expect, it } from 'vitest';
import { dayAsDate, shopDay, shopTimeZoneSetting } from '../../../shared/analytics/shop-day.js';

describe('the shop day of an event', () => {
  it('is the calendar day in the shop time zone, not in UTC', () => {
    const lateEvening = new Date('2026-03-14T23:30:00Z');
    expect(shopDay(lateEvening, 'UTC')).toBe('2026-03-14');
    expect(shopDay(lateEvening, 'Europe/Berlin')).toBe('2026-03-15');
    expect(shopDay(new Date('2026-03-15T03:00:00Z'), 'America/New_York')).toBe('2026-03-14');
  });

  it('follows daylight saving time', () => {
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(shopDay(new Date('2026-01-10T22:30:00Z'), 'Europe/Berlin')).toBe('2026-01-10');
    expect(shopDay(new Date('2026-07-10T22:30:00Z'), 'Europe/Berlin')).toBe('2026-07-11');
  });

  it('is stored as midnight UTC of that day', () => {
    expect(dayAsDate('2026-02-28').toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(() => dayAsDate('28.02.2026')).toThrow(RangeError);
  });

  it('takes only a real time zone name from SHOP_TIME_ZONE', () => {
    expect(shopTimeZoneSetting.parse(undefined)).toBe('UTC');
    expect(shopTimeZoneSetting.parse('Europe/Berlin')).toBe('Europe/Berlin');
    expect(shopTimeZoneSetting.safeParse('Mars/Olympus').success).toBe(false);
  });
});
