import { badUserInput, notFound } from '../../../../shared/errors.js';
import { newId } from '../../../../shared/ids.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../domain/order-totals.js';
import { MAX_PROMOTION_CODES } from '../domain/promotion-codes.js';
import type { Cart, Prisma } from '../generated/prisma/client.js';
import { noteCartFilled } from './cart-fills.js';
import type { OrderDatabase } from './database.js';

type Transaction = Prisma.TransactionClient;

/**
 * Every cart change runs here: the cart row is locked first, so concurrent edits of one cart
 * queue, and its version is bumped, so a checkout in flight notices the cart changed.
 */
function editCart(db: OrderDatabase, cartId: string, edit: (tx: Transaction) => Promise<void>): Promise<Cart> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM cart WHERE id = ${cartId} FOR UPDATE`;
    if (locked.length === 0) throw notFound('No such cart');
    await edit(tx);
    return tx.cart.update({ where: { id: cartId }, data: { updatedAt: new Date(), version: { increment: 1 } } });
  });
}

/** Adds units of a product: to its line when there is one (at most MAX_LINE_QUANTITY), else as a new line. */
export function addCartLine(db: OrderDatabase, cartId: string, productId: string, quantity: number): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    const existing = await tx.cartLine.findUnique({ where: { cartId_productId: { cartId, productId } } });
    if (!existing && (await tx.cartLine.count({ where: { cartId } })) >= MAX_CART_LINES) {
      throw badUserInput(`A cart has at most ${MAX_CART_LINES} lines`, 'productId');
    }
    if (existing && existing.quantity + quantity > MAX_LINE_QUANTITY) {
      throw badUserInput(
        `A line holds at most ${MAX_LINE_QUANTITY} units; this one has ${existing.quantity}`,
        'quantity',
      );
    }
    await tx.$executeRaw`
      INSERT INTO cart_line (id, cart_id, product_id, quantity) VALUES (${newId()}, ${cartId}, ${productId}, ${quantity})
      ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_line.quantity + EXCLUDED.quantity`;
    await noteCartFilled(tx, cartId, new Date());
  });
}

/** Sets the quantity of a product already in the cart. */
export function updateCartLine(db: OrderDatabase, cartId: string, productId: string, quantity: number): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    const { count } = await tx.cartLine.updateMany({ where: { cartId, productId }, data: { quantity } });
    if (count === 0) throw notFound('That product is not in the cart');
  });
}

export function removeCartLine(db: OrderDatabase, cartId: string, productId: string): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    const { count } = await tx.cartLine.deleteMany({ where: { cartId, productId } });
    if (count === 0) throw notFound('That product is not in the cart');
  });
}

export function setCartCurrency(db: OrderDatabase, cartId: string, currency: string): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    await tx.cart.update({ where: { id: cartId }, data: { currency } });
  });
}

export function addPromotionCode(db: OrderDatabase, cartId: string, code: string): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    const cart = await tx.cart.findUniqueOrThrow({ where: { id: cartId }, select: { promotionCodes: true } });
    if (cart.promotionCodes.includes(code)) return;
    if (cart.promotionCodes.length >= MAX_PROMOTION_CODES) {
      throw badUserInput(`A cart holds at most ${MAX_PROMOTION_CODES} promotion codes`, 'code');
    }
    await tx.cart.update({ where: { id: cartId }, data: { promotionCodes: [...cart.promotionCodes, code] } });
  });
}

export function removePromotionCode(db: OrderDatabase, cartId: string, code: string): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    const cart = await tx.cart.findUniqueOrThrow({ where: { id: cartId }, select: { promotionCodes: true } });
    if (!cart.promotionCodes.includes(code)) throw notFound('That code is not on the cart');
    await tx.cart.update({
      where: { id: cartId },
      data: { promotionCodes: cart.promotionCodes.filter((existing) => existing !== code) },
    });
  });
}

/** A guest's e-mail for the order (already checked and lower-cased). */
export function setGuestEmail(db: OrderDatabase, cartId: string, email: string): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    await tx.cart.update({ where: { id: cartId }, data: { guestEmail: email } });
  });
}

/** A guest's shipping address (already checked with its country's rules), kept as the order's snapshot will be. */
export function setGuestShippingAddress(
  db: OrderDatabase,
  cartId: string,
  address: Prisma.InputJsonObject,
): Promise<Cart> {
  return editCart(db, cartId, async (tx) => {
    await tx.cart.update({ where: { id: cartId }, data: { guestShippingAddress: address } });
  });
}
