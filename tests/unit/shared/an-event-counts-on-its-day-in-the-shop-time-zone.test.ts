import { describe, expect, it } from 'vitest';
import { dayAsDate, shopDay, shopTimeZoneSetting } from '../../../shared/analytics/shop-day.js';
import { DateScalar } from '../../../shared/scalars.js';

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

describe('the Date scalar of reports', () => {
  it('takes and gives calendar days written YYYY-MM-DD', () => {
    expect(DateScalar.parseValue('2028-02-29')).toBe('2028-02-29');
    expect(DateScalar.serialize(new Date('2026-11-27T00:00:00Z'))).toBe('2026-11-27');
    for (const bad of ['2026-02-30', '2026-2-3', '27.11.2026', '2026-11-27T00:00:00Z', 20261127]) {
      expect(() => DateScalar.parseValue(bad)).toThrow('Date must be a calendar day written YYYY-MM-DD');
    }
  });
});
