import type { Identity } from '../../../shared/auth/identity.js';
import type { OrderDatabase } from './data/database.js';
import type { OrderLoaders } from './data/orders.js';

export interface Context {
  identity: Identity;
  db: OrderDatabase;
  loaders: OrderLoaders;
  /**
   * Ids of the guest carts this request proved it holds the token of (by `cart(id, cartToken)`
   * or by creating the cart). The `Cart` type rule lets their fields through; any other way to
   * a cart still needs its owner or support staff.
   */
  cartsUnlockedByToken: Set<string>;
}
