import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/**
 * One writer per author at a time: submitReview holds it while it counts and writes, and the
 * purchases consumer while it marks the author's reviews verified, so a review is never written
 * between a delivery's commit and the update that would have verified it.
 */
export async function lockAuthor(tx: Tx, customerId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`review-writer:${customerId}`}, 0))`;
}

/** Whether the customer has a delivered order containing the product, as the order events told this subgraph. */
export async function hasDeliveredPurchase(tx: Tx, customerId: string, productId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ found: number }[]>`
    SELECT 1 AS found FROM review_purchase
     WHERE customer_id = ${customerId} AND product_id = ${productId} AND delivered_at IS NOT NULL
     LIMIT 1`;
  return rows.length > 0;
}
