-- CreateEnum
CREATE TYPE "DiscountKind" AS ENUM ('PERCENTAGE', 'FIXED_AMOUNT');

-- CreateTable
CREATE TABLE "promotion" (
    "id" TEXT NOT NULL,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "DiscountKind" NOT NULL,
    "value" DECIMAL(19,4) NOT NULL,
    "currency" CHAR(3),
    "minimum_subtotal" DECIMAL(19,4),
    "stackable" BOOLEAN NOT NULL DEFAULT false,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "usage_limit" INTEGER,
    "per_customer_limit" INTEGER,
    "times_used" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "promotion_code_key" ON "promotion"("code");

-- CreateIndex
CREATE INDEX "promotion_starts_at_ends_at_idx" ON "promotion"("starts_at", "ends_at");

-- A percentage lies in (0, 100]; a fixed amount is positive and has a currency.
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_value_valid" CHECK (
  ("kind" = 'PERCENTAGE' AND "value" > 0 AND "value" <= 100)
  OR ("kind" = 'FIXED_AMOUNT' AND "value" > 0 AND "currency" IS NOT NULL)
);
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_usage_within_limit" CHECK ("times_used" >= 0 AND ("usage_limit" IS NULL OR "times_used" <= "usage_limit"));
