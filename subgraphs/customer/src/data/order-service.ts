import { callSubgraph } from '../../../../shared/service-call.js';

export interface GuestCart {
  id: string;
  token: string;
}

/** Moves a guest cart into the customer's cart, as the customer the token names. */
export type GuestCartMerger = (guestCart: GuestCart, customerToken: string) => Promise<boolean>;

const MERGE =
  'mutation($cartId: ID!, $cartToken: String!) { mergeGuestCart(cartId: $cartId, cartToken: $cartToken) { id } }';

/**
 * Calls the order subgraph's own mergeGuestCart with the customer's new access token, so the
 * order subgraph applies exactly the rules a client's call would. Sign-in never fails because
 * of the cart: an unknown or spent cart, or an order service that is down or slow, only means
 * "not merged", and the client can still call mergeGuestCart itself.
 */
export function createGuestCartMerger(
  orderSubgraphUrl: string | undefined,
  onFailure: (error: unknown) => void,
): GuestCartMerger {
  return async (guestCart, customerToken) => {
    if (!orderSubgraphUrl) return false;
    try {
      const result = await callSubgraph<{ mergeGuestCart: { id: string } }>(
        orderSubgraphUrl,
        MERGE,
        { cartId: guestCart.id, cartToken: guestCart.token },
        { token: customerToken, timeoutMs: 2000 },
      );
      return result.data?.mergeGuestCart !== undefined && result.errors.length === 0;
    } catch (error) {
      onFailure(error);
      return false;
    }
  };
}
