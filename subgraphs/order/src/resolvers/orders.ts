import { customerIdOf, type Identity } from '../../../../shared/auth/identity.js';
import { badUserInput } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import { freeText, parseInput, z } from '../../../../shared/validation.js';
import { placeOrder } from '../checkout/place-order.js';
import { transitionOrder } from '../data/order-transitions.js';
import type { Actor } from '../domain/order-status.js';
import type { MutationResolvers } from '../generated/graphql.js';

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
  placeOrder: async (_parent, { input }, { checkout, identity, token, requestId }) => {
    const request = {
      cartId: parseId(input.cartId, 'cartId'),
      shippingAddressId: parseId(input.shippingAddressId, 'shippingAddressId'),
      idempotencyKey: parseInput(idempotencyKey, input.idempotencyKey, 'idempotencyKey'),
    };
    // The shield rule admits customers only, with a verified token.
    return placeOrder(checkout, {
      ...request,
      customerId: customerIdOf(identity) as string,
      customerToken: token as string,
      requestId,
    });
  },

  cancelOrder: async (_parent, args, { db, identity, settings, requestId }) => {
    const orderId = parseId(args.orderId, 'orderId');
    const why = parseInput(reason, args.reason, 'reason');
    const actor = actorOf(identity);
    return transitionOrder(db, {
      orderId,
      to: 'CANCELLED',
      actor,
      reason: why,
      now: new Date(),
      policy: { cancellationWindowMs: settings.cancellationWindowMs },
      correlationId: requestId,
      // A customer's attempt on someone else's order looks exactly like a missing order.
      visibleTo: actor.kind === 'customer' ? (order) => order.customerId === actor.customerId : undefined,
    });
  },

  updateOrderStatus: async (_parent, { input }, { db, identity, settings, requestId }) => {
    const orderId = parseId(input.orderId, 'orderId');
    const why = parseInput(reason, input.reason, 'reason');
    if (input.status === 'CANCELLED' || input.status === 'EXPIRED' || input.status === 'PENDING_PAYMENT') {
      throw badUserInput('Use cancelOrder to cancel; orders expire and start by themselves', 'status');
    }
    return transitionOrder(db, {
      orderId,
      to: input.status,
      actor: actorOf(identity),
      reason: why,
      now: new Date(),
      policy: { cancellationWindowMs: settings.cancellationWindowMs },
      correlationId: requestId,
    });
  },
};
