-- AlterTable
ALTER TABLE "promotion_redemption" ADD COLUMN     "order_confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN     "renewed_at_version" INTEGER;
