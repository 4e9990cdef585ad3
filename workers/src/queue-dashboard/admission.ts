import type { Identity } from '../../../shared/auth/identity.js';
import { cookieValue } from '../../../shared/cookies.js';

/**
 * Who may open the queue dashboard, and the cookie that keeps them signed in. Pure rules: the
 * HTTP wiring is in queue-dashboard.ts, the sessions in dashboard-sessions.ts.
 */

/** Where the workers serve the dashboard; the session cookie goes nowhere else. */
export const DASHBOARD_PATH = '/admin/queues';
export const SIGN_IN_PATH = `${DASHBOARD_PATH}/sign-in`;
export const SIGN_OUT_PATH = `${DASHBOARD_PATH}/sign-out`;

export const SESSION_COOKIE = 'queue_dashboard_session';

/**
 * Admins only: the board shows every job's data (events carry customers' orders) and can retry,
 * promote and delete jobs.
 */
export function mayUseDashboard(identity: Identity): boolean {
  return identity.subject !== null && identity.roles.includes('admin');
}

/** Session ids are base64url; anything else in a cookie is not one of ours. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export function isSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

/** The session id of a request's Cookie header, if it carries a well-formed one. */
export function sessionIdFromCookies(cookieHeader: string | undefined): string | undefined {
  return cookieValue(cookieHeader, SESSION_COOKIE, isSessionId);
}

/**
 * HttpOnly: no script on the board's pages can read it. SameSite=Strict: no other site can make
 * the browser send it, so the board's retry and clean requests cannot be forged from elsewhere.
 * Secure: browsers keep it over https only, and over plain http on localhost, as the gateway's
 * refresh cookie. The Path keeps it off every other route of the workers' port.
 */
const ATTRIBUTES = `Path=${DASHBOARD_PATH}; HttpOnly; Secure; SameSite=Strict`;

export function sessionCookieHeader(sessionId: string, lifetimeSeconds: number): string {
  return `${SESSION_COOKIE}=${sessionId}; Max-Age=${lifetimeSeconds}; ${ATTRIBUTES}`;
}

/** Tells the browser to drop the cookie: same name, path and attributes, no value, no time left. */
export function clearedSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Max-Age=0; ${ATTRIBUTES}`;
}

/**
 * The sign-in form is the one request a session starts from, so it is the one a forged
 * cross-site POST could abuse (signing a browser into the attacker's session; sign-out is
 * checked alike, so no other site can end an admin's session either): a browser names
 * the page a POST comes from in `Origin`, and it must be the board's own. Clients that are not
 * browsers (curl with `Authorization: Bearer`) send no Origin and are not at risk.
 */
export function isSameOriginRequest(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    // "null" (a sandboxed frame, a redirect across sites) or garbage: not the board's page.
    return false;
  }
}
