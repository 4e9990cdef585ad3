import { mayReadCustomerData } from '../../../../shared/auth/identity.js';
import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { notFound } from '../../../../shared/errors.js';
import { toMoney } from '../../../../shared/money.js';
import { parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import type { Resolvers } from '../generated/graphql.js';
import { cartMutations, cartQueries } from './carts.js';

/** Currencies were validated on the way in; a stored one outside the allowlist is a bug worth failing loudly. */
const storedCurrency = (code: string): CurrencyCode => parseCurrency(code);

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    // Someone else's order is answered exactly like a missing one.
    order: async (_parent, { id }, { loaders, identity }) => {
      const order = await loaders.orderById.load(id);
      if (!order || !mayReadCustomerData(identity, order.customerId)) throw notFound('No such order');
      return order;
    },
    ...cartQueries,
  },
  Mutation: cartMutations,
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    cart: async (customer, _args, { loaders }) => (await loaders.cartsByCustomerId.load(customer.id))[0] ?? null,
    orders: async (customer, args, { loaders }) => {
      const window = parsePageArgs(args);
      return toConnection(await loaders.ordersPageByCustomer.load({ ownerId: customer.id, ...window }), window);
    },
  },
  Cart: {
    __resolveReference: (reference, { loaders }) => loaders.cartById.load(reference.id),
    customer: (cart) => (cart.customerId ? { id: cart.customerId } : null),
    lines: (cart, _args, { loaders }) => loaders.cartLinesByCartId.load(cart.id),
    itemCount: async (cart, _args, { loaders }) =>
      (await loaders.cartLinesByCartId.load(cart.id)).reduce((sum, line) => sum + line.quantity, 0),
  },
  CartLine: {
    product: (line) => ({ id: line.productId }),
  },
  Order: {
    __resolveReference: (reference, { loaders }) => loaders.orderById.load(reference.id),
    customer: (order) => ({ id: order.customerId }),
    lines: async (order, _args, { loaders }) => {
      const currency = storedCurrency(order.currency);
      return (await loaders.orderLinesByOrderId.load(order.id)).map((line) => ({ ...line, currency }));
    },
    subtotal: (order) => toMoney(order.subtotal, storedCurrency(order.currency)),
    discountTotal: (order) => toMoney(order.discountTotal, storedCurrency(order.currency)),
    total: (order) => toMoney(order.total, storedCurrency(order.currency)),
    statusHistory: (order, _args, { loaders }) => loaders.statusHistoryByOrderId.load(order.id),
  },
  OrderLine: {
    product: (line) => ({ id: line.productId }),
    unitPrice: (line) => toMoney(line.unitPrice, line.currency),
    lineTotal: (line) => toMoney(line.lineTotal, line.currency),
  },
  OrderStatusChange: {
    from: (change) => change.fromStatus,
    to: (change) => change.toStatus,
    at: (change) => change.changedAt,
  },
};
