import { dayAsDate } from '../../../../shared/analytics/shop-day.js';
import { badUserInput } from '../../../../shared/errors.js';

/** A report covers at most this many days: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

/**
 * The days a report asks for, `from` to `to` inclusive (both YYYY-MM-DD, as the Date scalar
 * gives them), refused with BAD_USER_INPUT when reversed or longer than MAX_REPORT_DAYS.
 */
export function reportRange(from: string, to: string): { from: Date; to: Date } {
  const start = dayAsDate(from);
  const end = dayAsDate(to);
  if (start > end) throw badUserInput(`from (${from}) must not be after to (${to})`, 'from');
  const days = (end.getTime() - start.getTime()) / 86_400_000 + 1;
  if (days > MAX_REPORT_DAYS) {
    throw badUserInput(`A report covers at most ${MAX_REPORT_DAYS} days; ${from} to ${to} is ${days}`, 'to');
  }
  return { from: start, to: end };
}
