import { allow, type IRules, or, rule } from 'graphql-shield';
import { CUSTOMER_DATA_ROLES, ORDER_IMPORT_ROLES, type Role } from '../../../shared/auth/roles.js';
import { hasRole, isOwnerOr } from '../../../shared/auth/rules.js';
import type { Context } from './context.js';

/** Staff who may read any order: support and admins, the warehouse staff who fulfil them, and order staff. */
export const ORDER_READERS: readonly Role[] = [...CUSTOMER_DATA_ROLES, 'warehouse_admin', 'order_admin'];

const ownerOf = (value: unknown) => (value as { customerId: string | null }).customerId;

/** A guest cart whose token this request presented (see `Context.cartsUnlockedByToken`). */
const unlockedByToken = rule('cartUnlockedByToken', { cache: 'no_cache' })(
  async (cart, _args, { cartsUnlockedByToken }: Context) => cartsUnlockedByToken.has((cart as { id: string }).id),
);

/** A guest order whose link token this request presented, or that it placed as a guest (`Context.ordersUnlockedByLink`). */
const unlockedByLink = rule('orderUnlockedByLink', { cache: 'no_cache' })(
  async (order, _args, { ordersUnlockedByLink }: Context) => ordersUnlockedByLink.has((order as { id: string }).id),
);

/**
 * Orders and carts are their customer's own (support and admins may read them); a guest cart is
 * whoever holds its token. Lookups by id answer NOT_FOUND to anyone else (see the resolvers),
 * so ids reveal nothing; the type rules guard every other way in, such as entity references,
 * where a token cannot be presented and only ownership counts.
 */
export const permissions: IRules = {
  Query: {
    // Guests read their orders with a link token instead of signing in: the resolver decides who may see one.
    order: allow,
    // Guests read their carts with a token instead of signing in: the resolver decides who may see one.
    cart: allow,
    // Refunds are staff work: support and admins see the payments waiting for one.
    paymentsNeedingAction: hasRole('support', 'admin'),
    // Internal (@inaccessible): the sweeps of other subgraphs ask before releasing a hold.
    orderPlacements: hasRole('service'),
    // Internal (@inaccessible): the customer subgraph's workers gather a data export.
    orderDataOfCustomer: hasRole('service'),
    // How the shop sells is for its admins alone.
    salesReport: hasRole('admin'),
    checkoutConversion: hasRole('admin'),
    // Its creator (a business customer or staff), order_admin and admin: the resolver decides which import.
    bulkOrderImport: hasRole('customer', ...ORDER_IMPORT_ROLES),
  },
  Mutation: {
    // Anyone may start a cart: a customer's own, or a guest cart behind a token.
    createCart: allow,
    mergeGuestCart: hasRole('customer'),
    // Guests change their carts with its token: the resolvers check ownership or the token.
    addCartLine: allow,
    updateCartLine: allow,
    removeCartLine: allow,
    setCartCurrency: allow,
    applyPromotionCode: allow,
    removePromotionCode: allow,
    // A guest's e-mail and address, with the cart's token (the resolvers refuse a customer's cart).
    setCartContact: allow,
    setCartShippingAddress: allow,
    // Signed-in customers from their own carts, guests from the cart whose token they pass: the resolver checks which.
    placeOrder: allow,
    // A customer attaches the guest orders of their own e-mail, proven by the claim mailed to it.
    requestGuestOrderClaim: hasRole('customer'),
    claimGuestOrders: hasRole('customer'),
    // Customers cancel their own orders (the resolver checks), support and admins anyone's.
    cancelOrder: hasRole('customer', 'support', 'admin'),
    // Fulfilment staff, order staff and admins; the transition table decides which moves each may make.
    updateOrderStatus: hasRole('warehouse_admin', 'order_admin', 'admin'),
    // The same, for many orders at once: every order through the same table and guards.
    updateOrderStatuses: hasRole('warehouse_admin', 'order_admin', 'admin'),
    // order_admin and admin for any customer; a customer only as a business account, for
    // themselves (the resolvers ask the customer subgraph and check each row's customer).
    createBulkOrderImport: hasRole('customer', ...ORDER_IMPORT_ROLES),
    appendBulkOrderImportChunk: hasRole('customer', ...ORDER_IMPORT_ROLES),
    startBulkOrderImport: hasRole('customer', ...ORDER_IMPORT_ROLES),
  },
  Customer: {
    cart: isOwnerOr(CUSTOMER_DATA_ROLES, (customer) => (customer as { id: string }).id, 'Customer.cart'),
    orders: isOwnerOr(CUSTOMER_DATA_ROLES, (customer) => (customer as { id: string }).id, 'Customer.orders'),
  },
  // Fulfilment staff read the orders they pack and ship.
  Order: {
    '*': or(unlockedByLink, isOwnerOr(ORDER_READERS, ownerOf, 'Order')),
    // What the provider sent and what the shop did with it: for the staff who handle refunds.
    payments: hasRole('support', 'admin'),
  },
  // When neither holds, the owner rule's error (UNAUTHENTICATED or FORBIDDEN) is what the caller sees.
  Cart: or(unlockedByToken, isOwnerOr(CUSTOMER_DATA_ROLES, ownerOf, 'Cart')),
};
