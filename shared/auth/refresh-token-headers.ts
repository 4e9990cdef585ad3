/**
 * How the customer subgraph and the gateway hand refresh tokens to each other, so that a browser
 * can keep its refresh token in an HttpOnly cookie that no script can read (see
 * gateway/src/session-cookie.ts). These headers travel only between the gateway and the customer
 * subgraph: the gateway never passes a subgraph's response headers on to its client, and never
 * forwards a client's own headers to a subgraph.
 */

/** Response header: the refresh token this mutation issued, for the gateway to put in the cookie. */
export const ISSUED_REFRESH_TOKEN_HEADER = 'x-issued-refresh-token';
/** Response header: when that refresh token expires (ISO-8601), the cookie's lifetime. */
export const ISSUED_REFRESH_TOKEN_EXPIRES_HEADER = 'x-issued-refresh-token-expires';
/** Response header: the cookie's token is no good any more (signed out, revoked, expired): clear it. */
export const CLEAR_REFRESH_TOKEN_HEADER = 'x-clear-refresh-token';
/**
 * Request header: the refresh token the client's cookie holds, sent by the gateway to the
 * customer subgraph with its mutations. refreshSession and signOut use it when they are given
 * no token, and then answer the new token in the cookie only.
 */
export const COOKIE_REFRESH_TOKEN_HEADER = 'x-cookie-refresh-token';
