/**
 * Why promotion rejects a code the shop cannot honour at all, whatever the cart: the order
 * subgraph refuses such a code when it is applied and does not carry it over a cart merge, and
 * promotion does not count it as a code the cart kept. Any other rejection (below a minimum,
 * another currency, not started yet) may pass as the cart changes, so the code stays on the cart.
 */
const REJECTED_WHATEVER_THE_CART: ReadonlySet<string> = new Set(['UNKNOWN', 'ENDED', 'USAGE_LIMIT_REACHED']);

export function isRejectedWhateverTheCart(reason: string): boolean {
  return REJECTED_WHATEVER_THE_CART.has(reason);
}
