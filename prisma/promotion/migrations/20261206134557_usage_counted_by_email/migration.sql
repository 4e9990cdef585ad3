-- AlterTable
ALTER TABLE "promotion_redemption" ADD COLUMN     "email" TEXT,
ALTER COLUMN "customer_id" DROP NOT NULL;

-- Written by hand (Prisma does not model this): every use is counted against someone.
ALTER TABLE "promotion_redemption" ADD CONSTRAINT "promotion_redemption_has_an_orderer"
  CHECK ("customer_id" IS NOT NULL OR "email" IS NOT NULL);
