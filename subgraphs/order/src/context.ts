import type { Identity } from '../../../shared/auth/identity.js';
import type { CartPricer } from './checkout/cart-pricing.js';
import type { CheckoutDeps } from './checkout/place-order.js';
import type { OrderDatabase } from './data/database.js';
import type { OrderLoaders } from './data/orders.js';
import type { OrderSettings } from './order-config.js';

export interface Context {
  identity: Identity;
  /** The caller's verified token, for calls made as them (reading their address at checkout). */
  token: string | null;
  requestId: string | undefined;
  db: OrderDatabase;
  loaders: OrderLoaders;
  settings: OrderSettings;
  checkout: CheckoutDeps;
  /** Prices a cart through pricing and promotion, once per request. */
  priceCart: CartPricer;
  /**
   * Ids of the guest carts this request proved it holds the token of (by `cart(id, cartToken)`
   * or by creating the cart). The `Cart` type rule lets their fields through; any other way to
   * a cart still needs its owner or support staff.
   */
  cartsUnlockedByToken: Set<string>;
}
