import { CART_AGGREGATE, CartFilled, type CartFilledPayload } from '../../../../shared/events/order-events.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * Marks the start of a round of shopping, inside the transaction that gave the cart a line (the
 * caller holds the cart's row lock): the first line since the cart's last order publishes
 * CartFilled, and every later line costs one UPDATE that matches nothing. Checkout conversion
 * counts these rounds (order-analytics).
 */
export async function noteCartFilled(tx: Prisma.TransactionClient, cartId: string, now: Date): Promise<void> {
  const rows = await tx.$queryRaw<{ fills: number; customerId: string | null; currency: string }[]>`
    UPDATE cart SET filled_at = ${now}, fills = fills + 1
    WHERE id = ${cartId} AND filled_at IS NULL
    RETURNING fills, customer_id AS "customerId", currency`;
  const round = rows[0];
  if (round === undefined) return;
  const payload: CartFilledPayload = {
    cartId,
    customerId: round.customerId,
    currency: round.currency,
    fill: round.fills,
  };
  await appendToOutbox(tx, { type: CartFilled, aggregateType: CART_AGGREGATE, aggregateId: cartId, payload }, now);
}
