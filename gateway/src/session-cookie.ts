import type { ApolloServerPlugin } from '@apollo/server';
import { cookieValue } from '../../shared/cookies.js';
import type { GatewayContext } from './forwarding-data-source.js';

/**
 * Browsers keep their refresh token in a cookie the gateway sets, so that no script on the page
 * can read it (HttpOnly) and no other site can make the browser send it (SameSite=Strict).
 * `Secure`: browsers store it over https only — and over plain http on localhost, which is
 * enough for development. `Path=/graphql`: it goes nowhere but the API. The customer subgraph
 * decides what the cookie holds (shared/auth/refresh-token-headers.ts); this module only reads
 * it from requests and writes it on responses.
 *
 * CSRF: refreshSession and signOut are mutations, which the gateway takes only as POSTs that need
 * a CORS preflight (JSON or `apollo-require-preflight`), and SameSite=Strict keeps the cookie off
 * requests that another site starts.
 */
export const REFRESH_TOKEN_COOKIE = 'refresh_token';

/** What the operation's answer does to the cookie, as the customer subgraph said. */
export type RefreshCookieChange = { token: string; expiresAt: Date } | 'clear';

/** Tokens are base64url; anything else is never written into a Set-Cookie header. */
const COOKIE_SAFE = /^[A-Za-z0-9_-]{1,256}$/;

export function isCookieSafeToken(token: string): boolean {
  return COOKIE_SAFE.test(token);
}

/** The refresh token of a request's Cookie header, if it has a well-formed one. */
export function refreshTokenFromCookies(cookieHeader: string | undefined): string | undefined {
  return cookieValue(cookieHeader, REFRESH_TOKEN_COOKIE, isCookieSafeToken);
}

const ATTRIBUTES = 'Path=/graphql; HttpOnly; Secure; SameSite=Strict';

/** The Set-Cookie header for a change: the new token until it expires, or an expired empty cookie. */
export function refreshCookieHeader(change: RefreshCookieChange, now = new Date()): string {
  if (change === 'clear') {
    return `${REFRESH_TOKEN_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${ATTRIBUTES}`;
  }
  const maxAge = Math.max(0, Math.floor((change.expiresAt.getTime() - now.getTime()) / 1000));
  return `${REFRESH_TOKEN_COOKIE}=${change.token}; Max-Age=${maxAge}; Expires=${change.expiresAt.toUTCString()}; ${ATTRIBUTES}`;
}

/** Writes the cookie change the operation brought, if any, on the gateway's response. */
export function sessionCookiePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const change = contextValue.refreshCookieChange;
          if (change) response.http.headers.set('set-cookie', refreshCookieHeader(change));
        },
      };
    },
  };
}
