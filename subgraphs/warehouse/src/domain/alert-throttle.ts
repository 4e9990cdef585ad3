/**
 * The rate limit of an alert sink that notifies people (the webhook, the log): per stock item, at
 * most one notification per window. An alert inside the window is held back, counted, and named
 * in the next notification that goes out (`suppressedSince`), so the receiver knows it missed
 * some; every alert is still stored for staff (query stockAlerts), which is never rate-limited.
 */
export interface ThrottleState {
  lastSentAt: Date;
  suppressed: number;
}

export type ThrottleDecision =
  /** Notify now; `suppressedSince` alerts of the item were held back since the last notification. */
  { send: true; suppressedSince: number } | { send: false };

/** `windowMs` 0 sends everything. `state` null: the item never notified this sink. */
export function throttleAlert(state: ThrottleState | null, now: Date, windowMs: number): ThrottleDecision {
  if (state === null) return { send: true, suppressedSince: 0 };
  if (now.getTime() - state.lastSentAt.getTime() >= windowMs) return { send: true, suppressedSince: state.suppressed };
  return { send: false };
}
