import type { Context } from '../context.js';
import type { IssuedRefreshToken } from '../data/refresh-tokens.js';
import type { Customer } from '../generated/prisma/client.js';

export interface GuestCart {
  id: string;
  token: string;
}

/**
 * The answer of everything that starts or continues a session (register, signIn, refreshSession,
 * changePassword): a new access token, the refresh token given to the gateway for its cookie and,
 * unless the refresh token came from that cookie, in the answer too.
 */
export async function signedIn(
  customer: Customer,
  context: Context,
  refresh: IssuedRefreshToken,
  options: { guestCart?: GuestCart | null | undefined; refreshTokenInAnswer: boolean },
) {
  const { tokens } = context;
  context.signedInCustomerId = customer.id;
  const accessToken = await tokens.sign(customer.id, ['customer']);
  const guestCartMerged = options.guestCart ? await context.mergeGuestCart(options.guestCart, accessToken) : false;
  // Announced once the guest cart is merged: the fields of the payload the gateway resolves next
  // (Customer.cart, orders, reviews) see the customer as they now are, with this token.
  context.announceIssuedToken(accessToken);
  context.announceIssuedRefreshToken(refresh.token, refresh.expiresAt);
  return {
    accessToken,
    expiresAt: new Date(Date.now() + tokens.ttlSeconds * 1000),
    // A token read from the HttpOnly cookie is not handed to the page's scripts: a script injected
    // into the page could otherwise carry a long-lived token away.
    refreshToken: options.refreshTokenInAnswer ? refresh.token : null,
    refreshExpiresAt: refresh.expiresAt,
    customer,
    guestCartMerged,
  };
}
