import { z } from 'zod';

/**
 * Reports count a sale on the shop's calendar day, not the server's: an order placed at 23:30 in
 * Berlin belongs to that Berlin day even though it is already the next day in UTC. The day is
 * taken from when the event happened, so an event delivered late or out of order still lands on
 * the day it belongs to.
 */

/** @defaultValue UTC: the shop's time zone for daily reports, an IANA name such as Europe/Berlin. */
export const DEFAULT_SHOP_TIME_ZONE = 'UTC';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** SHOP_TIME_ZONE, for readSettings: an IANA time zone name. */
export const shopTimeZoneSetting = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone name such as Europe/Berlin')
  .default(DEFAULT_SHOP_TIME_ZONE);

// Formatting is the costly part; one formatter per time zone serves every event.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The shop's calendar day (YYYY-MM-DD) at the instant `at`, in `timeZone`. */
export function shopDay(at: Date, timeZone: string): string {
  return formatterFor(timeZone).format(at);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD day as the Date PostgreSQL's `date` columns take (midnight UTC of that day). */
export function dayAsDate(day: string): Date {
  const match = DAY.exec(day);
  if (match === null) throw new RangeError(`${day} is not a YYYY-MM-DD day`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}
