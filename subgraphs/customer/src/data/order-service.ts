import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../shared/errors.js';
import { createServiceClient } from '../../../../shared/service-client.js';

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
  if (!orderSubgraphUrl) return async () => false;
  const order = createServiceClient({ name: 'order', url: orderSubgraphUrl, timeoutMs: 2000 });
  return async (guestCart, customerToken) => {
    try {
      await order({
        query: MERGE,
        variables: { cartId: guestCart.id, cartToken: guestCart.token },
        token: customerToken,
      });
      return true;
    } catch (error) {
      // The order subgraph refused (no such cart, spent token): nothing to report, nothing merged.
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (code !== ErrorCode.SUBGRAPH_UNAVAILABLE && code !== ErrorCode.INTERNAL_SERVER_ERROR && code !== undefined) {
        return false;
      }
      onFailure(error);
      return false;
    }
  };
}
