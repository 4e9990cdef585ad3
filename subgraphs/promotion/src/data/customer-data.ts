import type { Prisma } from '../generated/prisma/client.js';
import type { PromotionDatabase } from './database.js';

/** A customer's promotion uses, for their data export. */
export async function customerPromotionData(db: PromotionDatabase, customerId: string) {
  const redemptions = await db.promotionRedemption.findMany({
    where: { customerId },
    include: { promotion: { select: { code: true, name: true } } },
    orderBy: { id: 'asc' },
  });
  return {
    promotionRedemptions: redemptions.map((row) => ({
      id: row.id,
      promotionCode: row.promotion.code,
      promotionName: row.promotion.name,
      orderId: row.orderId,
      email: row.email,
      status: row.status,
      discount: row.discount,
      currency: row.currency,
      createdAt: row.createdAt,
    })),
  };
}

/**
 * A CustomerErased event's effect here: the e-mail kept with the customer's uses is dropped, and
 * so are the per-e-mail counters of those e-mails (`email:<e-mail>` usage keys), so nothing here
 * names the address any more. The uses stay, counted against the promotion and the erased
 * customer's id. The price of forgetting: an account registered later with the same e-mail
 * starts with no uses of per-customer-limited promotions.
 */
export async function eraseCustomerPromotionData(tx: Prisma.TransactionClient, customerId: string): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM promotion_customer_usage
     WHERE customer_id IN (SELECT DISTINCT 'email:' || email FROM promotion_redemption
                            WHERE customer_id = ${customerId} AND email IS NOT NULL)`;
  await tx.$executeRaw`UPDATE promotion_redemption SET email = NULL WHERE customer_id = ${customerId}`;
}
