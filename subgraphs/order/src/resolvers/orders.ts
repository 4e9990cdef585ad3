import { GraphQLError } from 'graphql';
import { customerIdOf, type Identity } from '../../../../shared/auth/identity.js';
import { badUserInput, ErrorCode } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import { freeText, parseInput, z } from '../../../../shared/validation.js';
import { type Orderer, placeOrder } from '../checkout/place-order.js';
import type { Context } from '../context.js';
import { attachGuestOrders, recordGuestOrderClaimRequest } from '../data/guest-orders.js';
import { transitionOrder } from '../data/order-transitions.js';
import type { Actor, OrderStatus } from '../domain/order-status.js';
import { signLink, verifyLink } from '../domain/signed-links.js';
import type { MutationResolvers } from '../generated/graphql.js';
import { fetchCheckoutCustomer } from '../services/customer.js';

const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'must be 8 to 128 letters, digits, - or _');
const reason = freeText(500).pipe(z.string().min(3, 'must be at least 3 characters'));

function parseId(value: string, field: string): string {
  if (!isUlid(value)) throw badUserInput(`${field} is not a valid id`, field);
  return value;
}

/** The customer acts as themselves; anyone else with a role acts as staff. */
function actorOf(identity: Identity): Actor {
  const customerId = customerIdOf(identity);
  if (customerId) return { kind: 'customer', customerId };
  return { kind: 'staff', subject: identity.subject ?? 'unknown', roles: identity.roles };
}

export const orderMutations: MutationResolvers = {
  placeOrder: async (_parent, { input }, { checkout, identity, token, requestId, settings, ordersUnlockedByLink }) => {
    const cartId = parseId(input.cartId, 'cartId');
    const key = parseInput(idempotencyKey, input.idempotencyKey, 'idempotencyKey');
    const customerId = customerIdOf(identity);
    let orderer: Orderer;
    if (typeof input.cartToken === 'string') {
      // A guest's order: the cart's own e-mail and address are the order's.
      if (input.shippingAddressId != null) {
        throw badUserInput("A guest order ships to the cart's address (setCartShippingAddress)", 'shippingAddressId');
      }
      orderer = { kind: 'guest', cartToken: input.cartToken };
    } else if (customerId && token) {
      if (input.shippingAddressId == null) throw badUserInput('shippingAddressId is required', 'shippingAddressId');
      orderer = {
        kind: 'customer',
        customerId,
        customerToken: token,
        shippingAddressId: parseId(input.shippingAddressId, 'shippingAddressId'),
      };
    } else {
      throw new GraphQLError("Sign in to order from your cart, or pass the guest cart's cartToken", {
        extensions: { code: ErrorCode.UNAUTHENTICATED },
      });
    }
    const order = await placeOrder(checkout, { orderer, cartId, idempotencyKey: key, requestId });
    if (orderer.kind === 'customer') return order;
    ordersUnlockedByLink.add(order.id);
    // The guest's only way back to the order; signed, not stored, so a replay of the key signs anew.
    const expiresAt = new Date(Date.now() + settings.guestOrderLinkTtlMs);
    return { ...order, guestAccessToken: signLink(settings.linkSecret, 'guest-order', order.id, expiresAt) };
  },

  requestGuestOrderClaim: async (_parent, _args, { checkout, identity, token, requestId, settings, db }) => {
    // The shield rule admits customers only, with a verified token.
    const customerId = customerIdOf(identity) as string;
    const customer = await fetchCheckoutCustomer(
      checkout.services.customer,
      customerId,
      null,
      token as string,
      requestId,
    );
    if (!customer) throw badUserInput('No such customer', 'customerId');
    const expiresAt = new Date(Date.now() + settings.guestOrderClaimTtlMs);
    const claimToken = signLink(settings.linkSecret, 'guest-order-claim', `${customerId} ${customer.email}`, expiresAt);
    const guestOrders = await recordGuestOrderClaimRequest(
      db,
      { customerId, email: customer.email, claimToken, expiresAt: expiresAt.toISOString() },
      requestId ?? null,
    );
    return { guestOrders, expiresAt };
  },

  claimGuestOrders: async (_parent, { claimToken }, { identity, settings, db }) => {
    const customerId = customerIdOf(identity) as string;
    const subject = verifyLink(settings.linkSecret, 'guest-order-claim', claimToken, new Date());
    const separator = subject?.indexOf(' ') ?? -1;
    // A claim opens only for the customer it was mailed to: one forwarded to another account is refused.
    if (subject === null || separator < 0 || subject.slice(0, separator) !== customerId) {
      throw badUserInput('claimToken is not a valid claim for you, or it has expired', 'claimToken');
    }
    return attachGuestOrders(db, subject.slice(separator + 1), customerId);
  },

  cancelOrder: async (_parent, args, { db, checkout, identity, settings, requestId }) => {
    const orderId = parseId(args.orderId, 'orderId');
    const why = parseInput(reason, args.reason, 'reason');
    const actor = actorOf(identity);
    return transitionOrder(
      db,
      {
        orderId,
        to: 'CANCELLED',
        actor,
        reason: why,
        now: new Date(),
        policy: { cancellationWindowMs: settings.cancellationWindowMs },
        correlationId: requestId,
        // A customer's attempt on someone else's order looks exactly like a missing order.
        visibleTo: actor.kind === 'customer' ? (order) => order.customerId === actor.customerId : undefined,
      },
      checkout.metrics,
    );
  },

  updateOrderStatus: async (_parent, { input }, context) => {
    const orderId = parseId(input.orderId, 'orderId');
    const why = parseInput(reason, input.reason, 'reason');
    return moveByHand(context, orderId, manualTarget(input.status), why);
  },

  updateOrderStatuses: async (_parent, { input }, context) => {
    const ids = parseInput(orderIdList, input.orderIds, 'input.orderIds');
    const why = parseInput(reason, input.reason, 'input.reason');
    const to = manualTarget(input.status, 'input.status');
    const results = [];
    // One after another: each order is its own transaction, and a long list never holds many locks at once.
    for (const orderId of ids) {
      try {
        const moved = await moveByHand(context, orderId, to, why);
        results.push({ orderId, ok: true, status: moved.status, errorCode: null, errorMessage: null });
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const code = String(error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
        const current =
          code === ErrorCode.NOT_FOUND
            ? null
            : ((await context.db.order.findUnique({ where: { id: orderId }, select: { status: true } }))?.status ??
              null);
        results.push({ orderId, ok: false, status: current, errorCode: code, errorMessage: error.message });
      }
    }
    return results;
  },
};

/** The most orders one updateOrderStatuses moves. */
export const MAX_STATUS_UPDATE_IDS = 500;

const orderIdList = z
  .array(z.string().refine(isUlid, 'must hold order ids (ULIDs)'))
  .min(1, 'must name at least one order')
  .max(MAX_STATUS_UPDATE_IDS, `must name at most ${MAX_STATUS_UPDATE_IDS} orders`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name an order twice');

/** Where staff may move orders by hand: cancellation, expiry and the first status have their own ways. */
function manualTarget<T extends string>(status: T, field = 'status'): T {
  if (status === 'CANCELLED' || status === 'EXPIRED' || status === 'PENDING_PAYMENT') {
    throw badUserInput('Use cancelOrder to cancel; orders expire and start by themselves', field);
  }
  return status;
}

/** One move by staff, through the lifecycle's table and guards, audited with the reason. */
function moveByHand(
  { db, checkout, identity, settings, requestId }: Context,
  orderId: string,
  to: OrderStatus,
  why: string,
) {
  return transitionOrder(
    db,
    {
      orderId,
      to,
      actor: actorOf(identity),
      reason: why,
      now: new Date(),
      policy: { cancellationWindowMs: settings.cancellationWindowMs },
      correlationId: requestId,
    },
    checkout.metrics,
  );
}
