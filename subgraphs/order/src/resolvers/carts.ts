import { customerIdOf, mayReadCustomerData } from '../../../../shared/auth/identity.js';
import { badUserInput, notFound, promotionUnavailable } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import { currencyCode, email, parseInput, z } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import {
  addCartLine,
  addPromotionCode,
  removeCartLine,
  removePromotionCode,
  setCartCurrency,
  setGuestEmail,
  setGuestShippingAddress,
  updateCartLine,
} from '../data/cart-edits.js';
import { createCart, mergeGuestCartInto } from '../data/carts.js';
import { cartTokenMatches, issueCartToken } from '../domain/cart-tokens.js';
import { checkGuestAddress, guestAddressInput } from '../domain/guest-details.js';
import { MAX_LINE_QUANTITY } from '../domain/order-totals.js';
import { isUnusable } from '../domain/promotion-codes.js';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import type { Cart } from '../generated/prisma/client.js';
import { fetchProducts } from '../services/catalog.js';
import { applyPromotionCodeToCart, evaluatePromotions } from '../services/promotion.js';

/**
 * One answer for a missing cart, someone else's cart and a wrong token: the answer must not
 * reveal that a cart exists.
 */
const NO_SUCH_CART = () => notFound('No such cart');

const quantity = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`);
const promotionCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{3,32}$/, 'must be 3 to 32 letters, digits, - or _');

/**
 * Only the cart's customer, or a guest presenting its token, may change it. Anyone else gets
 * the same NOT_FOUND as for a cart that does not exist.
 */
async function cartForChange(context: Context, cartId: string, cartToken: string | null | undefined) {
  const cart = isUlid(cartId) ? await context.loaders.cartById.load(cartId) : null;
  const customerId = customerIdOf(context.identity);
  if (cart && cart.customerId !== null && cart.customerId === customerId) return cart;
  return unlockByToken(context, cart, cartToken);
}

/**
 * A guest cart for whoever presents its token; NOT_FOUND otherwise. The token is hashed and
 * compared even when there is no cart, so a miss takes the same work.
 */
function unlockByToken(context: Context, cart: Cart | null, cartToken: string | null | undefined): Cart {
  const unlocked = typeof cartToken === 'string' && cartTokenMatches(cartToken, cart?.tokenHash ?? null);
  if (!cart || !unlocked) throw NO_SUCH_CART();
  context.cartsUnlockedByToken.add(cart.id);
  return cart;
}

/**
 * A guest cart for whoever presents its token. A customer's order goes to their own e-mail and
 * one of their addresses, so their cart takes no guest details: BAD_USER_INPUT, nothing changed.
 */
async function guestCartForChange(context: Context, cartId: string, cartToken: string): Promise<Cart> {
  const cart = await cartForChange(context, cartId, cartToken);
  if (cart.customerId !== null) {
    throw badUserInput("A customer's cart takes no guest details: their order uses their own", 'cartId');
  }
  return cart;
}

async function productOnSale(context: Context, productId: string): Promise<void> {
  const product = isUlid(productId)
    ? (await fetchProducts(context.checkout.services.catalog, [productId], context.requestId)).get(productId)
    : undefined;
  if (!product) throw badUserInput('No such product', 'productId');
  if (product.status !== 'ACTIVE') throw badUserInput('That product is not on sale', 'productId');
}

/**
 * Promotion's verdict now on a guest cart's codes, for the customer who merges it: code → why it
 * was rejected. Asked only of a guest cart whose token matches, before the merge's transaction
 * (no call is made while rows are locked). When promotion cannot answer, the codes are kept
 * unchecked — they passed applyPromotionCode, and totals check them again on every read — rather
 * than failing a merge that a sign-in may be waiting for.
 */
async function recheckGuestCodes(
  context: Context,
  cartId: string,
  cartToken: string,
  customerId: string,
): Promise<Map<string, string>> {
  const guest = isUlid(cartId) ? await context.loaders.cartById.load(cartId) : null;
  if (!guest || guest.customerId !== null || guest.promotionCodes.length === 0) return new Map();
  if (!cartTokenMatches(cartToken, guest.tokenHash)) return new Map();
  try {
    const evaluation = await evaluatePromotions(
      context.checkout.services.promotion,
      { customerId, currency: guest.currency, subtotal: '0', codes: guest.promotionCodes },
      context.requestId,
    );
    return new Map(evaluation.rejected.map((rejected) => [rejected.code, rejected.reason]));
  } catch (error) {
    context.checkout.logger.warn({ err: error, cartId }, 'guest cart codes merged unchecked: promotion did not answer');
    return new Map();
  }
}

export const cartQueries: QueryResolvers = {
  cart: async (_parent, { id, cartToken }, context) => {
    const cart = await context.loaders.cartById.load(id);
    if (cart && mayReadCustomerData(context.identity, cart.customerId)) return cart;
    return unlockByToken(context, cart, cartToken);
  },
};

export const cartMutations: MutationResolvers = {
  createCart: async (_parent, args, { db, identity, cartsUnlockedByToken }) => {
    const currency = parseInput(currencyCode, args.currency, 'currency');
    const channel = args.channel ?? 'WEB';
    const customerId = customerIdOf(identity);
    if (customerId) return { cart: await createCart(db, { customerId }, currency, channel), cartToken: null };
    const { token, hash } = issueCartToken();
    const cart = await createCart(db, { tokenHash: hash }, currency, channel);
    // The caller has just been handed the token: this request may show the cart it created.
    cartsUnlockedByToken.add(cart.id);
    return { cart, cartToken: token };
  },

  mergeGuestCart: async (_parent, { cartId, cartToken }, context) => {
    const customerId = customerIdOf(context.identity) as string; // the shield rule requires a customer
    const merged = await mergeGuestCartInto(context.db, {
      guestCartId: cartId,
      customerId,
      tokenMatches: (storedHash) => cartTokenMatches(cartToken, storedHash),
      codeRejections: await recheckGuestCodes(context, cartId, cartToken, customerId),
    });
    if (!merged) throw NO_SUCH_CART();
    if (merged.codesNotKept.length > 0) context.promotionCodesNotKept.set(merged.cart.id, merged.codesNotKept);
    return merged.cart;
  },

  addCartLine: async (_parent, { input }, context) => {
    const units = parseInput(quantity, input.quantity, 'quantity');
    const cart = await cartForChange(context, input.cartId, input.cartToken);
    await productOnSale(context, input.productId);
    return addCartLine(context.db, cart.id, input.productId, units);
  },

  updateCartLine: async (_parent, { input }, context) => {
    const units = parseInput(quantity, input.quantity, 'quantity');
    const cart = await cartForChange(context, input.cartId, input.cartToken);
    return updateCartLine(context.db, cart.id, input.productId, units);
  },

  removeCartLine: async (_parent, args, context) => {
    const cart = await cartForChange(context, args.cartId, args.cartToken);
    return removeCartLine(context.db, cart.id, args.productId);
  },

  setCartCurrency: async (_parent, args, context) => {
    const currency = parseInput(currencyCode, args.currency, 'currency');
    const cart = await cartForChange(context, args.cartId, args.cartToken);
    return setCartCurrency(context.db, cart.id, currency);
  },

  applyPromotionCode: async (_parent, args, context) => {
    const code = parseInput(promotionCode, args.code, 'code');
    const cart = await cartForChange(context, args.cartId, args.cartToken);
    const evaluation = await applyPromotionCodeToCart(
      context.checkout.services.promotion,
      cart.id,
      { customerId: cart.customerId, currency: cart.currency, subtotal: '0', codes: [code] },
      context.requestId,
    );
    const rejection = evaluation.rejected.find((rejected) => rejected.code === code);
    if (rejection && isUnusable(rejection.reason)) throw promotionUnavailable([rejection]);
    return addPromotionCode(context.db, cart.id, code);
  },

  setCartContact: async (_parent, args, context) => {
    const address = parseInput(email, args.email, 'email');
    const cart = await guestCartForChange(context, args.cartId, args.cartToken);
    return setGuestEmail(context.db, cart.id, address);
  },

  setCartShippingAddress: async (_parent, args, context) => {
    const draft = parseInput(guestAddressInput, args.address, 'address');
    const check = checkGuestAddress(draft);
    if ('problem' in check) {
      const field = `address.${check.problem.field}`;
      throw badUserInput(`${field} ${check.problem.message}`, field);
    }
    const cart = await guestCartForChange(context, args.cartId, args.cartToken);
    return setGuestShippingAddress(context.db, cart.id, { ...check.address });
  },

  removePromotionCode: async (_parent, args, context) => {
    const code = parseInput(promotionCode, args.code, 'code');
    const cart = await cartForChange(context, args.cartId, args.cartToken);
    return removePromotionCode(context.db, cart.id, code);
  },
};
