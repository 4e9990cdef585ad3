import type { CurrencyCode } from '../../../../shared/currency.js';
import { newId } from '../../../../shared/ids.js';
import { mergedQuantities, type ProductQuantity } from '../domain/cart-merge.js';
import { type MergedCodes, mergedPromotionCodes } from '../domain/promotion-codes.js';
import type { SalesChannel } from '../generated/graphql.js';
import type { Cart, Prisma } from '../generated/prisma/client.js';
import { noteCartFilled } from './cart-fills.js';
import type { OrderDatabase } from './database.js';

type Transaction = Prisma.TransactionClient;

/** Who a new cart belongs to: a signed-in customer, or whoever holds the token with this hash. */
export type CartOwner = { customerId: string } | { tokenHash: string };

export function createCart(
  db: OrderDatabase,
  owner: CartOwner,
  currency: CurrencyCode,
  channel: SalesChannel = 'WEB',
): Promise<Cart> {
  return db.cart.create({
    data: {
      id: newId(),
      currency,
      channel,
      ...('customerId' in owner ? { customerId: owner.customerId } : { tokenHash: owner.tokenHash }),
    },
  });
}

interface LockedCart {
  id: string;
  customerId: string | null;
  tokenHash: string | null;
  currency: string;
  promotionCodes: string[];
}

/** The cart row, locked until the transaction ends: whoever comes second waits, then sees the outcome. */
async function lockCart(tx: Transaction, id: string): Promise<LockedCart | null> {
  const rows = await tx.$queryRaw<LockedCart[]>`
    SELECT id, customer_id AS "customerId", token_hash AS "tokenHash", currency, promotion_codes AS "promotionCodes"
    FROM cart WHERE id = ${id} FOR UPDATE`;
  return rows[0] ?? null;
}

/**
 * The customer's current cart (the most recently touched), locked. The advisory lock comes first
 * because when the customer has no cart there is no row to lock: without it, two merges for one
 * customer could each start a cart of their own.
 */
async function lockCurrentCartOf(tx: Transaction, customerId: string): Promise<LockedCart | null> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`order.cart-owner:${customerId}`}::text, 0))`;
  const rows = await tx.$queryRaw<LockedCart[]>`
    SELECT id, customer_id AS "customerId", token_hash AS "tokenHash", currency, promotion_codes AS "promotionCodes"
    FROM cart WHERE customer_id = ${customerId}
    ORDER BY updated_at DESC, id DESC LIMIT 1 FOR UPDATE`;
  return rows[0] ?? null;
}

/** Sets each product's quantity on the cart, adding lines for products it does not have yet: one statement. */
async function setQuantities(tx: Transaction, cartId: string, lines: readonly ProductQuantity[]): Promise<void> {
  if (lines.length === 0) return;
  const ids = lines.map(() => newId());
  const productIds = lines.map((line) => line.productId);
  const quantities = lines.map((line) => line.quantity);
  await tx.$executeRaw`
    INSERT INTO cart_line (id, cart_id, product_id, quantity)
    SELECT line.id, ${cartId}::text, line.product_id, line.quantity
    FROM unnest(${ids}::text[], ${productIds}::text[], ${quantities}::int[]) AS line(id, product_id, quantity)
    ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`;
}

export interface GuestCartMerge {
  guestCartId: string;
  customerId: string;
  /** Whether the token presented for the guest cart matches its stored hash (null when it has none). */
  tokenMatches: (storedHash: string | null) => boolean;
  /** Promotion's verdict on the guest cart's codes, asked before the merge: code → why it was rejected. */
  codeRejections: ReadonlyMap<string, string>;
}

export interface MergedCart {
  cart: Cart;
  /** The guest codes the customer's cart did not take, with why (domain/promotion-codes.ts). */
  codesNotKept: MergedCodes['notKept'];
}

/**
 * Moves a guest cart's lines and promotion codes into the customer's current cart (started in the
 * guest cart's currency if there is none) and deletes the guest cart, all in one transaction. The
 * guest row is locked before anything is read, so of concurrent merges of one guest cart exactly
 * one finds it: the others wait for it, then find it gone. Returns the customer's cart with the
 * codes it did not take, or null when there is no guest cart with that id and token (nothing
 * changes then).
 */
export function mergeGuestCartInto(db: OrderDatabase, merge: GuestCartMerge): Promise<MergedCart | null> {
  return db.$transaction(
    async (tx) => {
      const guest = await lockCart(tx, merge.guestCartId);
      // The token is checked even when there is no cart, so both cases take the same work.
      const tokenMatches = merge.tokenMatches(guest?.tokenHash ?? null);
      if (!guest || guest.customerId !== null || !tokenMatches) return null;

      const target =
        (await lockCurrentCartOf(tx, merge.customerId)) ??
        (await tx.cart.create({ data: { id: newId(), customerId: merge.customerId, currency: guest.currency } }));
      const lines = await tx.cartLine.findMany({
        where: { cartId: { in: [guest.id, target.id] } },
        select: { cartId: true, productId: true, quantity: true },
      });
      const merged = mergedQuantities(
        lines.filter((line) => line.cartId === target.id),
        lines.filter((line) => line.cartId === guest.id),
      );
      // Both carts are locked: the codes read here are the codes written, within the limit of 5.
      const codes = mergedPromotionCodes(target.promotionCodes, guest.promotionCodes, merge.codeRejections);
      // Deleting the guest cart (its lines go with it) is what makes its token useless from now on.
      await tx.cart.delete({ where: { id: guest.id } });
      await setQuantities(tx, target.id, merged);
      // The guest's lines may be the first the customer's cart has had since its last order.
      if (merged.length > 0) await noteCartFilled(tx, target.id, new Date());
      const cart = await tx.cart.update({
        where: { id: target.id },
        data: { promotionCodes: codes.codes, updatedAt: new Date(), version: { increment: 1 } },
      });
      return { cart, codesNotKept: codes.notKept };
    },
    // Concurrent merges queue on the guest row; each holds its connection while it waits.
    { maxWait: 5_000, timeout: 10_000 },
  );
}
