-- CreateEnum
CREATE TYPE "RedemptionStatus" AS ENUM ('HELD', 'CONFIRMED', 'RELEASED');

-- AlterTable
ALTER TABLE "promotion" ADD COLUMN     "advertised" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "max_discount" DECIMAL(19,4);

-- CreateTable
CREATE TABLE "promotion_redemption" (
    "id" TEXT NOT NULL,
    "promotion_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "status" "RedemptionStatus" NOT NULL DEFAULT 'HELD',
    "discount" DECIMAL(19,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "release_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_redemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_customer_usage" (
    "promotion_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "uses" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "promotion_customer_usage_pkey" PRIMARY KEY ("promotion_id","customer_id")
);

-- CreateTable
CREATE TABLE "processed_event" (
    "consumer" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "aggregate_version" INTEGER NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "promotion_redemption_order_id_idx" ON "promotion_redemption"("order_id");

-- CreateIndex
CREATE INDEX "promotion_redemption_promotion_id_id_idx" ON "promotion_redemption"("promotion_id", "id");

-- CreateIndex
CREATE INDEX "promotion_redemption_status_created_at_idx" ON "promotion_redemption"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_redemption_promotion_id_order_id_key" ON "promotion_redemption"("promotion_id", "order_id");

-- CreateIndex
CREATE UNIQUE INDEX "processed_event_consumer_aggregate_type_aggregate_id_aggreg_key" ON "processed_event"("consumer", "aggregate_type", "aggregate_id", "aggregate_version");

-- AddForeignKey
ALTER TABLE "promotion_redemption" ADD CONSTRAINT "promotion_redemption_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_customer_usage" ADD CONSTRAINT "promotion_customer_usage_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Codes are stored upper case (lookups normalise to upper case), 3 to 32 of A-Z 0-9 _ -.
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_code_format" CHECK ("code" IS NULL OR "code" ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$');
-- A per-customer limit of 0 would be a promotion nobody may use: leave it out, or end the promotion.
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_per_customer_limit_positive" CHECK ("per_customer_limit" IS NULL OR "per_customer_limit" > 0);
-- The cap is an amount in the promotion's currency; a fixed amount above its own cap is a contradiction.
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_max_discount_valid" CHECK (
  "max_discount" IS NULL
  OR ("max_discount" > 0 AND "currency" IS NOT NULL AND ("kind" <> 'FIXED_AMOUNT' OR "value" <= "max_discount"))
);
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_minimum_subtotal_valid" CHECK (
  "minimum_subtotal" IS NULL OR ("minimum_subtotal" >= 0 AND "currency" IS NOT NULL)
);
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_ends_after_start" CHECK ("ends_at" IS NULL OR "ends_at" > "starts_at");

ALTER TABLE "promotion_redemption" ADD CONSTRAINT "promotion_redemption_discount_not_negative" CHECK ("discount" >= 0);
-- Released uses are decremented once; a second decrement would go below zero and fail here.
ALTER TABLE "promotion_customer_usage" ADD CONSTRAINT "promotion_customer_usage_not_negative" CHECK ("uses" >= 0);
