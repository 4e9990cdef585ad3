import type { Queue } from 'bullmq';
import type { Identity } from '../../../shared/auth/identity.js';
import type { CartChecker } from './checkout/cart-checks.js';
import type { CartPricer, CartQuoter } from './checkout/cart-pricing.js';
import type { CheckoutDeps } from './checkout/place-order.js';
import type { OrderDatabase } from './data/database.js';
import type { OrderLoaders } from './data/orders.js';
import type { BulkOrderSettings, OrderSettings } from './order-config.js';

export interface Context {
  identity: Identity;
  /** The caller's verified token, for calls made as them (reading their address at checkout). */
  token: string | null;
  requestId: string | undefined;
  db: OrderDatabase;
  loaders: OrderLoaders;
  settings: OrderSettings;
  checkout: CheckoutDeps;
  /** Bulk order imports: their settings, and the queue their started imports go to. */
  bulk: { settings: BulkOrderSettings; queue: Queue };
  /** Prices a cart through pricing and promotion, once per request. */
  priceCart: CartPricer;
  /** Pricing's quotes for a cart, once per request, shared by its prices and its problems. */
  quoteCart: CartQuoter;
  /** What placeOrder would refuse in a cart now, through catalog, warehouse and pricing, once per request. */
  checkCart: CartChecker;
  /**
   * The guest codes a merge in this request did not keep, by the customer's cart id, with why:
   * shown in that answer's `totals.rejectedCodes` so the shopper learns of them.
   */
  promotionCodesNotKept: Map<string, { code: string; reason: string }[]>;
  /**
   * Ids of the guest carts this request proved it holds the token of (by `cart(id, cartToken)`
   * or by creating the cart). The `Cart` type rule lets their fields through; any other way to
   * a cart still needs its owner or support staff.
   */
  cartsUnlockedByToken: Set<string>;
  /**
   * Ids of the guest orders this request opened with a valid link token (`order(id, accessToken)`)
   * or placed as a guest. The `Order` type rule lets their fields through.
   */
  ordersUnlockedByLink: Set<string>;
}
