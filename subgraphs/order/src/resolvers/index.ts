import { hasAnyRole, mayReadCustomerData } from '../../../../shared/auth/identity.js';
import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { badUserInput, notFound } from '../../../../shared/errors.js';
import { toMoney } from '../../../../shared/money.js';
import { argumentDefault, parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { DateScalar, DateTimeScalar } from '../../../../shared/scalars.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import { customerOrderData } from '../data/customer-data.js';
import { findOrderPlacements, MAX_PLACEMENT_IDS } from '../data/order-placements.js';
import { verifyLink } from '../domain/signed-links.js';
import type { Resolvers } from '../generated/graphql.js';
import { ORDER_READERS } from '../permissions.js';
import type { ShippingAddress } from '../services/customer.js';
import {
  bulkOrderImportFields,
  bulkOrderImportMutations,
  bulkOrderImportQueries,
  bulkOrderImportRowFields,
} from './bulk-order-imports.js';
import { cartMutations, cartQueries } from './carts.js';
import { orderMutations } from './orders.js';
import { reportQueries } from './reports.js';

/** Currencies were validated on the way in; a stored one outside the allowlist is a bug worth failing loudly. */
const storedCurrency = (code: string): CurrencyCode => parseCurrency(code);

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query: {
    // Someone else's order, and a guest's without its valid link, are answered exactly like a missing one.
    order: async (_parent, { id, accessToken }, { loaders, identity, settings, ordersUnlockedByLink }) => {
      const order = await loaders.orderById.load(id);
      // The link is checked whatever the order, so a miss takes the same work.
      const linked =
        typeof accessToken === 'string' &&
        verifyLink(settings.linkSecret, 'guest-order', accessToken, new Date()) === id &&
        order?.guestEmail != null;
      if (order && linked) {
        ordersUnlockedByLink.add(order.id);
        return order;
      }
      const readable =
        order &&
        ((order.customerId !== null && mayReadCustomerData(identity, order.customerId)) ||
          hasAnyRole(identity, ORDER_READERS));
      if (!order || !readable) throw notFound('No such order');
      return order;
    },
    ...cartQueries,
    ...reportQueries,
    ...bulkOrderImportQueries,
    paymentsNeedingAction: (_parent, { first }, { db }, info) => {
      // Null means what omitting it means: the default the SDL declares.
      const size = first ?? argumentDefault(info, 'first');
      if (!Number.isInteger(size) || size < 1 || size > 100)
        throw badUserInput('first must be between 1 and 100', 'first');
      return db.paymentEvent.findMany({
        where: { actionRequired: { not: null } },
        orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
        take: size,
      });
    },
    orderPlacements: (_parent, { orderIds }, { db, settings }) => {
      if (orderIds.length > MAX_PLACEMENT_IDS) {
        throw badUserInput(`at most ${MAX_PLACEMENT_IDS} order ids at once`, 'orderIds');
      }
      return findOrderPlacements(db, orderIds, settings.paymentWindowMs);
    },
    orderDataOfCustomer: async (_parent, { customerId }, { db }) =>
      JSON.stringify(await customerOrderData(db, parseInput(ulid, customerId, 'customerId'))),
  },
  Mutation: { ...cartMutations, ...orderMutations, ...bulkOrderImportMutations },
  BulkOrderImport: bulkOrderImportFields,
  BulkOrderImportRow: bulkOrderImportRowFields,
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    cart: async (customer, _args, { loaders }) => (await loaders.cartsByCustomerId.load(customer.id))[0] ?? null,
    orders: async (customer, args, { loaders }, info) => {
      const window = parsePageArgs(args, info);
      const page = await loaders.ordersPageByCustomer.load({ ownerId: customer.id, ...window });
      const count = () => loaders.orderCountByCustomer.load(customer.id);
      return toConnection(page.rows, window, page.rowsBeyondCursor, count);
    },
  },
  OrderConnection: {
    totalCount: (connection) => connection.count(),
  },
  Cart: {
    __resolveReference: (reference, { loaders }) => loaders.cartById.load(reference.id),
    customer: (cart) => (cart.customerId ? { id: cart.customerId } : null),
    lines: async (cart, _args, { loaders }) =>
      (await loaders.cartLinesByCartId.load(cart.id)).map((line) => ({ ...line, cart })),
    itemCount: async (cart, _args, { loaders }) =>
      (await loaders.cartLinesByCartId.load(cart.id)).reduce((sum, line) => sum + line.quantity, 0),
    promotionCodes: (cart) => cart.promotionCodes,
    totals: async (cart, _args, { priceCart, promotionCodesNotKept }) => {
      const pricing = await priceCart(cart);
      const { currency } = pricing;
      return {
        subtotal: toMoney(pricing.subtotal, currency),
        discountTotal: toMoney(pricing.discountTotal, currency),
        total: toMoney(pricing.total, currency),
        appliedPromotions: pricing.evaluation.applied.map((applied) => ({
          code: applied.code,
          name: applied.name,
          amount: toMoney(applied.discount, currency),
        })),
        rejectedCodes: [...pricing.evaluation.rejected, ...(promotionCodesNotKept.get(cart.id) ?? [])],
        promotionsConsidered: pricing.evaluation.considered.map((considered) => ({
          code: considered.code,
          name: considered.name,
          applied: considered.applied,
          amount: toMoney(considered.discount, currency),
          reason: considered.reason,
        })),
        unpricedProductIds: pricing.unpricedProductIds,
      };
    },
    problems: async (cart, _args, { checkCart }) => (await checkCart(cart)).all,
    contactEmail: (cart) => cart.guestEmail,
    shippingAddress: (cart) => (cart.guestShippingAddress as ShippingAddress | null) ?? null,
  },
  CartLine: {
    product: (line) => ({ id: line.productId }),
    unitPrice: async (line, _args, { priceCart }) => {
      const pricing = await priceCart(line.cart);
      const price = pricing.unitPrices.get(line.productId);
      return price === undefined ? null : toMoney(price, pricing.currency);
    },
    lineTotal: async (line, _args, { priceCart }) => {
      const pricing = await priceCart(line.cart);
      const total = pricing.lineTotals.get(line.productId);
      return total === undefined ? null : toMoney(total, pricing.currency);
    },
    // From the quotes alone: the conversion shows even while promotion cannot price the totals.
    priceConversion: async (line, _args, { quoteCart }) =>
      (await quoteCart(line.cart)).get(line.productId)?.conversion ?? null,
    problems: async (line, _args, { checkCart }) => (await checkCart(line.cart)).byProduct.get(line.productId) ?? [],
  },
  Order: {
    __resolveReference: (reference, { loaders }) => loaders.orderById.load(reference.id),
    customer: (order) => (order.customerId ? { id: order.customerId } : null),
    guestEmail: (order) => order.guestEmail,
    // Set only on placeOrder's answer to a guest (resolvers/orders.ts); never stored.
    guestAccessToken: (order) => (order as { guestAccessToken?: string }).guestAccessToken ?? null,
    lines: async (order, _args, { loaders }) => {
      const currency = storedCurrency(order.currency);
      return (await loaders.orderLinesByOrderId.load(order.id)).map((line) => ({ ...line, currency }));
    },
    subtotal: (order) => toMoney(order.subtotal, storedCurrency(order.currency)),
    discountTotal: (order) => toMoney(order.discountTotal, storedCurrency(order.currency)),
    total: (order) => toMoney(order.total, storedCurrency(order.currency)),
    statusHistory: (order, _args, { loaders }) => loaders.statusHistoryByOrderId.load(order.id),
    payments: (order, _args, { loaders }) => loaders.paymentsByOrderId.load(order.id),
    shippingAddress: (order) => (order.shippingAddress as ShippingAddress | null) ?? null,
    discounts: async (order, _args, { loaders }) => {
      const currency = storedCurrency(order.currency);
      return (await loaders.discountsByOrderId.load(order.id)).map((discount) => ({
        code: discount.code,
        name: discount.name,
        amount: toMoney(discount.amount, currency),
      }));
    },
  },
  Payment: {
    order: async (payment, _args, { loaders }) => {
      const order = await loaders.orderById.load(payment.orderId);
      if (!order) throw notFound('No such order');
      return order;
    },
    amount: (payment) => toMoney(payment.amount, storedCurrency(payment.currency)),
  },
  OrderLine: {
    product: (line) => ({ id: line.productId }),
    unitPrice: (line) => toMoney(line.unitPrice, line.currency),
    lineTotal: (line) => toMoney(line.lineTotal, line.currency),
    priceVersion: (line) => (line.priceVersionId ? { id: line.priceVersionId } : null),
  },
  OrderStatusChange: {
    from: (change) => change.fromStatus,
    to: (change) => change.toStatus,
    at: (change) => change.changedAt,
  },
};
