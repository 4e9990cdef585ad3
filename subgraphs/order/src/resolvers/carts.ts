import { customerIdOf, mayReadCustomerData } from '../../../../shared/auth/identity.js';
import { notFound } from '../../../../shared/errors.js';
import { currencyCode, parseInput } from '../../../../shared/validation.js';
import { createCart, mergeGuestCartInto } from '../data/carts.js';
import { cartTokenMatches, issueCartToken } from '../domain/cart-tokens.js';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.js';

/**
 * One answer for a missing cart, someone else's cart and a wrong token: the answer must not
 * reveal that a cart exists.
 */
const NO_SUCH_CART = () => notFound('No such cart');

export const cartQueries: QueryResolvers = {
  cart: async (_parent, { id, cartToken }, context) => {
    const cart = await context.loaders.cartById.load(id);
    if (cart && mayReadCustomerData(context.identity, cart.customerId)) return cart;
    // The token is hashed and compared even when there is no cart, so a miss takes the same work.
    const unlocked = typeof cartToken === 'string' && cartTokenMatches(cartToken, cart?.tokenHash ?? null);
    if (!cart || !unlocked) throw NO_SUCH_CART();
    context.cartsUnlockedByToken.add(cart.id);
    return cart;
  },
};

export const cartMutations: MutationResolvers = {
  createCart: async (_parent, args, { db, identity, cartsUnlockedByToken }) => {
    const currency = parseInput(currencyCode, args.currency, 'currency');
    const customerId = customerIdOf(identity);
    if (customerId) return { cart: await createCart(db, { customerId }, currency), cartToken: null };
    const { token, hash } = issueCartToken();
    const cart = await createCart(db, { tokenHash: hash }, currency);
    // The caller has just been handed the token: this request may show the cart it created.
    cartsUnlockedByToken.add(cart.id);
    return { cart, cartToken: token };
  },

  mergeGuestCart: async (_parent, { cartId, cartToken }, { db, identity }) => {
    const customerId = customerIdOf(identity) as string; // the shield rule requires a customer
    const cart = await mergeGuestCartInto(db, {
      guestCartId: cartId,
      customerId,
      tokenMatches: (storedHash) => cartTokenMatches(cartToken, storedHash),
    });
    if (!cart) throw NO_SUCH_CART();
    return cart;
  },
};
