import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { type AuditActor, customerActor, systemActor } from '../../../../shared/auth/audit-actor.js';
import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { badUserInput, conflict, ErrorCode, notFound } from '../../../../shared/errors.js';
import { newId } from '../../../../shared/ids.js';
import type { Logger } from '../../../../shared/logger.js';
import { toDecimal } from '../../../../shared/money.js';
import type { OrderDatabase } from '../data/database.js';
import { abandonOrderRequest, claimOrderRequest } from '../data/order-requests.js';
import { insertPlacedOrder, type NewOrderLine } from '../data/placed-orders.js';
import { cartTokenMatches, hashCartToken } from '../domain/cart-tokens.js';
import { lineTotal, orderTotals, withDiscount } from '../domain/order-totals.js';
import type { Order } from '../generated/prisma/client.js';
import type { OrderSettings } from '../order-config.js';
import type { OrderMetrics } from '../order-metrics.js';
import { fetchProducts } from '../services/catalog.js';
import { fetchCheckoutCustomer, type ShippingAddress } from '../services/customer.js';
import type { OrderServices } from '../services/index.js';
import { quotePrices } from '../services/pricing.js';
import { releasePromotionUses, reservePromotionUses } from '../services/promotion.js';
import { destinationOf, releaseStock, reserveStock } from '../services/warehouse.js';

export interface CheckoutDeps {
  db: OrderDatabase;
  services: OrderServices;
  /** Only what placing an order needs, so the workers (bulk imports) place orders with the same code. */
  settings: Pick<OrderSettings, 'paymentWindowMs' | 'claimTakeoverMs'>;
  logger: Logger;
  /** Counts orders placed, and the transitions of the resolvers that use these deps. */
  metrics: OrderMetrics;
}

/** Who places the order: a signed-in customer, or a guest holding the cart's token. */
export type Orderer =
  | {
      kind: 'customer';
      customerId: string;
      /** The customer's own token: their e-mail and address are read as them. */
      customerToken: string;
      shippingAddressId: string;
    }
  | { kind: 'guest'; cartToken: string };

export interface PlaceOrderRequest {
  orderer: Orderer;
  cartId: string;
  idempotencyKey: string;
  requestId?: string;
}

/**
 * Whose idempotency key it is. A guest's keys are the cart token's (by its hash, never the token
 * itself): the same key from two guests, or from a guest and a customer, never collides, and only
 * the holder of the token can replay a guest's key.
 */
export function ownerKeyOf(orderer: Orderer): string {
  return orderer.kind === 'customer' ? `customer:${orderer.customerId}` : `guest:${hashCartToken(orderer.cartToken)}`;
}

/** BAD_USER_INPUT for a guest cart that is missing what a guest's order needs. */
function guestDetailMissing(message: string, reason: 'NO_CONTACT_EMAIL' | 'NO_SHIPPING_ADDRESS'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'cartId', reason } });
}

/** How long a call waits for a parallel call with the same key to finish. */
const WAIT_FOR_SAME_KEY_MS = 15_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * BAD_USER_INPUT for an empty cart. The refusals about a cart's contents carry a `reason` named
 * like the Cart.problems code that warned of them (domain/cart-problems.ts).
 */
function emptyCart(): GraphQLError {
  return new GraphQLError('The cart is empty', {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'cartId', reason: 'EMPTY_CART' },
  });
}

/**
 * Places an order from the customer's cart, once per idempotency key: the same key returns
 * the same order, also when the calls arrive in parallel, and the same key with another cart or
 * address is refused. DESIGN.md "Placing an order" is the path followed.
 */
export async function placeOrder(deps: CheckoutDeps, request: PlaceOrderRequest): Promise<Order> {
  const { orderer } = request;
  const ownerKey = ownerKeyOf(orderer);
  const addressAsked = orderer.kind === 'customer' ? orderer.shippingAddressId : "the guest cart's address";
  const requestHash = createHash('sha256').update(`${request.cartId}\n${addressAsked}`).digest('hex');
  const placed = await placeOnce(
    deps,
    { ownerKey, idempotencyKey: request.idempotencyKey, requestHash },
    'This idempotency key was already used for a different cart or address',
    (orderId) => placeClaimedOrder(deps, request, ownerKey, orderId),
  );
  return placed.order;
}

/** The CONFLICT reason when another call still holds the key's claim (it may be dead: see claimTakeoverMs). */
export const ORDER_IN_PROGRESS = 'ORDER_IN_PROGRESS';

/** An idempotency claim: whose key, the key, and a hash of what was asked with it. */
export interface OrderClaim {
  ownerKey: string;
  idempotencyKey: string;
  requestHash: string;
}

/**
 * Runs `place` once per claim: the same key returns the same order (`replayed`), also when the
 * calls arrive in parallel, and the same key with another request is CONFLICT.
 */
export async function placeOnce(
  deps: CheckoutDeps,
  claimAsked: OrderClaim,
  mismatch: string,
  place: (orderId: string) => Promise<Order>,
): Promise<{ order: Order; replayed: boolean }> {
  const { ownerKey, idempotencyKey, requestHash } = claimAsked;
  const orderId = newId();
  const giveUpAt = Date.now() + WAIT_FOR_SAME_KEY_MS;
  for (;;) {
    const claim = await claimOrderRequest(
      deps.db,
      ownerKey,
      idempotencyKey,
      requestHash,
      orderId,
      new Date(),
      deps.settings.claimTakeoverMs,
    );
    if (claim.claimed) break;
    if (claim.existing.requestHash !== requestHash) throw conflict(mismatch, { field: 'idempotencyKey' });
    if (claim.existing.completed) {
      const order = await deps.db.order.findUnique({ where: { id: claim.existing.orderId } });
      if (order) return { order, replayed: true };
    }
    if (Date.now() > giveUpAt) {
      throw conflict('An order with this idempotency key is still being placed; try again', {
        reason: ORDER_IN_PROGRESS,
      });
    }
    await sleep(POLL_MS);
  }
  try {
    return { order: await place(orderId), replayed: false };
  } catch (error) {
    await abandonOrderRequest(deps.db, ownerKey, idempotencyKey, orderId).catch((cause) =>
      deps.logger.error({ err: cause, orderId }, 'could not release an idempotency claim'),
    );
    throw error;
  }
}

async function placeClaimedOrder(
  deps: CheckoutDeps,
  request: PlaceOrderRequest,
  ownerKey: string,
  orderId: string,
): Promise<Order> {
  const { db, services } = deps;
  const { orderer } = request;
  const cart = await db.cart.findUnique({ where: { id: request.cartId }, include: { lines: true } });
  // A guest's token is compared even when there is no cart, so a miss takes the same work.
  const owned =
    orderer.kind === 'customer'
      ? cart?.customerId === orderer.customerId
      : cartTokenMatches(orderer.cartToken, cart?.tokenHash ?? null) && cart?.customerId === null;
  if (!cart || !owned) throw notFound('No such cart');
  if (cart.lines.length === 0) throw emptyCart();
  if (orderer.kind === 'guest') {
    if (!cart.guestEmail)
      throw guestDetailMissing('Set the e-mail for the order first (setCartContact)', 'NO_CONTACT_EMAIL');
    if (!cart.guestShippingAddress) {
      throw guestDetailMissing('Set the shipping address first (setCartShippingAddress)', 'NO_SHIPPING_ADDRESS');
    }
  }
  const buyer = async (): Promise<Buyer> => {
    if (orderer.kind === 'guest') {
      // Checked with the country's rules when it was set (setCartShippingAddress).
      return {
        customerId: null,
        email: cart.guestEmail as string,
        address: cart.guestShippingAddress as unknown as Omit<ShippingAddress, 'id'>,
        // A guest has no account to name: the order's audit trail says the guest checkout placed it.
        actor: systemActor('guest-checkout'),
      };
    }
    const customer = await fetchCheckoutCustomer(
      services.customer,
      orderer.customerId,
      orderer.shippingAddressId,
      orderer.customerToken,
      request.requestId,
    );
    if (!customer?.address) throw badUserInput('No such address among yours', 'shippingAddressId');
    return {
      customerId: orderer.customerId,
      email: customer.email,
      address: customer.address,
      actor: customerActor(orderer.customerId),
    };
  };
  return placeBasket(
    deps,
    {
      cartId: cart.id,
      cartVersion: cart.version,
      currency: parseCurrency(cart.currency),
      lines: cart.lines.map(({ productId, quantity }) => ({ productId, quantity })),
      promotionCodes: cart.promotionCodes,
      channel: cart.channel,
    },
    buyer,
    { orderId, ownerKey, idempotencyKey: request.idempotencyKey, requestId: request.requestId },
  );
}

/** What is ordered: a cart's lines as they were read, or an imported order's lines. */
export interface Basket {
  /** The cart the order empties (and whose version must not move); null for an imported order. */
  cartId: string | null;
  cartVersion: number | null;
  currency: CurrencyCode;
  /** One line per product. */
  lines: { productId: string; quantity: number }[];
  promotionCodes: string[];
  channel: string;
}

/** Who the order is for, as the order records them, and who placed it (the audit actor). */
export interface Buyer {
  customerId: string | null;
  email: string;
  address: ShippingAddress | Omit<ShippingAddress, 'id'>;
  actor: AuditActor;
}

interface Placement {
  orderId: string;
  ownerKey: string;
  idempotencyKey: string;
  requestId?: string;
}

/**
 * The saga every order goes through, from a cart or from a bulk import: prices quoted, products
 * checked on sale, promotion uses and stock reserved, then the order recorded in one transaction,
 * and whatever was reserved released again when a later step fails. `buyer` is asked while the
 * products and prices are fetched.
 */
export async function placeBasket(
  deps: CheckoutDeps,
  basket: Basket,
  buyer: () => Promise<Buyer>,
  placement: Placement,
): Promise<Order> {
  const { db, services, settings, logger, metrics } = deps;
  const { orderId, requestId } = placement;
  const { currency } = basket;
  const productIds = basket.lines.map((line) => line.productId);

  const [customer, products, quotes] = await Promise.all([
    buyer(),
    fetchProducts(services.catalog, productIds, requestId),
    quotePrices(services.pricing, currency, productIds, requestId),
  ]);
  const { address, email } = customer;
  const unavailable = productIds.filter((id) => products.get(id)?.status !== 'ACTIVE');
  if (unavailable.length > 0) {
    throw conflict('Some products in the cart are no longer on sale', {
      reason: 'NOT_ON_SALE',
      productIds: unavailable,
    });
  }
  const unpriced = productIds.filter((id) => !quotes.has(id));
  if (unpriced.length > 0) {
    throw conflict(`Some products in the cart have no price in ${currency}`, {
      reason: 'UNPRICED',
      productIds: unpriced,
    });
  }

  let lines: NewOrderLine[];
  try {
    lines = basket.lines.map((line) => {
      const quote = quotes.get(line.productId) as { unitPrice: string; priceVersionId: string };
      const product = products.get(line.productId) as { sku: string; name: string };
      return {
        productId: line.productId,
        sku: product.sku,
        productName: product.name,
        quantity: line.quantity,
        unitPrice: quote.unitPrice,
        lineTotal: lineTotal({ unitPrice: quote.unitPrice, quantity: line.quantity }, currency).toFixed(),
        priceVersionId: quote.priceVersionId,
      };
    });
  } catch (error) {
    if (error instanceof RangeError) throw conflict(`A price in the cart is out of range: ${error.message}`);
    throw error;
  }
  const { subtotal } = orderTotals(lines, '0', currency);
  const placedAt = new Date();
  const paymentDueAt = new Date(placedAt.getTime() + settings.paymentWindowMs);

  // Promotion uses and stock are reserved at the same time; whichever succeeded is undone if the other failed.
  const [promotions, stock] = await Promise.allSettled([
    reservePromotionUses(
      services.promotion,
      {
        orderId,
        cartId: basket.cartId,
        customerId: customer.customerId,
        email,
        currency,
        subtotal: subtotal.toFixed(),
        codes: basket.promotionCodes,
        lines: lines.map((line) => ({
          productId: line.productId,
          categoryId: products.get(line.productId)?.categoryId ?? null,
          quantity: line.quantity,
          lineTotal: line.lineTotal,
        })),
        channel: basket.channel,
      },
      requestId,
    ),
    reserveStock(
      services.warehouse,
      {
        orderId,
        lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
        expiresAt: paymentDueAt.toISOString(),
        destination: destinationOf(address),
        customerId: customer.customerId,
      },
      requestId,
    ),
  ]);
  const compensate = async (why: string) => {
    // Both are idempotent and safe when nothing was reserved; a call that timed out may still have succeeded.
    const results = await Promise.allSettled([
      releasePromotionUses(services.promotion, orderId, why, requestId),
      releaseStock(services.warehouse, orderId, why, requestId),
    ]);
    for (const result of results) {
      if (result.status === 'rejected') {
        // The warehouse and promotion release unconfirmed holds by themselves once they expire.
        logger.error({ err: result.reason, orderId }, 'compensation failed; the hold expires by itself');
      }
    }
  };
  if (promotions.status === 'rejected' || stock.status === 'rejected') {
    await compensate('order not placed');
    throw promotions.status === 'rejected' ? promotions.reason : (stock as PromiseRejectedResult).reason;
  }

  const totals = withDiscount(subtotal, promotions.value.discountTotal, currency);
  try {
    // Only the call that won the idempotency claim gets here: a replay of the key counts nothing.
    const placed = await insertPlacedOrder(db, {
      id: orderId,
      customerId: customer.customerId,
      guestEmail: customer.customerId === null ? email : null,
      ownerKey: placement.ownerKey,
      cartId: basket.cartId,
      cartVersion: basket.cartVersion,
      idempotencyKey: placement.idempotencyKey,
      currency,
      subtotal: totals.subtotal.toFixed(),
      discountTotal: totals.discountTotal.toFixed(),
      total: totals.total.toFixed(),
      shippingAddress: { ...address },
      placedAt,
      paymentDueAt,
      lines,
      discounts: promotions.value.applied
        .filter((applied) => !toDecimal(applied.discount).isZero())
        .map((applied) => ({
          promotionId: applied.promotionId,
          code: applied.code,
          name: applied.name,
          amount: applied.discount,
        })),
      actor: customer.actor,
      correlationId: requestId ?? null,
    });
    metrics.placed(placed);
    return placed;
  } catch (error) {
    // A refusal is raised inside the transaction, which then rolled back: nothing was recorded.
    if (error instanceof GraphQLError) {
      await compensate('order not recorded');
      throw error;
    }
    // Anything else (a connection lost before the commit's acknowledgement) may have come after
    // PostgreSQL committed: releasing the holds of an order that exists would sell them twice.
    const recorded = await wasRecorded(db, orderId);
    if (recorded) {
      logger.warn({ err: error, orderId }, 'the order was recorded although its commit was not acknowledged');
      metrics.placed(recorded);
      return recorded;
    }
    if (recorded === undefined) {
      // Unknown: the holds stay; the sweeps release them if the order turns out not to exist.
      logger.error({ err: error, orderId }, 'whether the order was recorded is unknown; its holds are kept');
      throw new GraphQLError('The order may or may not have been placed; try again with the same idempotency key', {
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      });
    }
    await compensate('order not recorded');
    logger.error({ err: error, orderId }, 'order could not be recorded');
    throw new GraphQLError('The order could not be recorded', {
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  }
}

/**
 * Whether an order whose commit failed was recorded all the same, read anew outside the failed
 * transaction: the order, null when it is certainly not there, undefined when it cannot be told.
 */
async function wasRecorded(db: OrderDatabase, orderId: string): Promise<Order | null | undefined> {
  try {
    return await db.order.findUnique({ where: { id: orderId } });
  } catch {
    return undefined;
  }
}
