-- AlterTable
ALTER TABLE "promotion" ADD COLUMN     "discount_budget" DECIMAL(19,4);

-- AlterTable
ALTER TABLE "promotion_redemption" ADD COLUMN     "cart_id" TEXT;

-- CreateTable
CREATE TABLE "outbox_event" (
    "position" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "aggregate_version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "correlation_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("position")
);

-- CreateTable
CREATE TABLE "analytics_event" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "aggregate_version" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_daily" (
    "promotion_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "uses_held" INTEGER NOT NULL DEFAULT 0,
    "uses_confirmed" INTEGER NOT NULL DEFAULT 0,
    "uses_released" INTEGER NOT NULL DEFAULT 0,
    "discount_granted" DECIMAL(19,4) NOT NULL DEFAULT 0,
    "paid_orders" INTEGER NOT NULL DEFAULT 0,
    "revenue" DECIMAL(19,4) NOT NULL DEFAULT 0,
    "carts_applied" INTEGER NOT NULL DEFAULT 0,
    "carts_converted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "promotion_daily_pkey" PRIMARY KEY ("promotion_id","day","currency")
);

-- CreateTable
CREATE TABLE "order_value_daily" (
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "paid_orders" INTEGER NOT NULL DEFAULT 0,
    "revenue" DECIMAL(19,4) NOT NULL DEFAULT 0,

    CONSTRAINT "order_value_daily_pkey" PRIMARY KEY ("day","currency")
);

-- CreateTable
CREATE TABLE "promotion_cart" (
    "promotion_id" TEXT NOT NULL,
    "cart_id" TEXT NOT NULL,
    "first_applied_at" TIMESTAMPTZ(3),
    "applied_currency" CHAR(3),
    "converted_at" TIMESTAMPTZ(3),

    CONSTRAINT "promotion_cart_pkey" PRIMARY KEY ("promotion_id","cart_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "outbox_event"("id");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_position_idx" ON "outbox_event"("published_at", "position");

-- CreateIndex
CREATE INDEX "outbox_event_settled_at_position_idx" ON "outbox_event"("settled_at", "position");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_aggregate_type_aggregate_id_aggregate_version_key" ON "outbox_event"("aggregate_type", "aggregate_id", "aggregate_version");

-- CreateIndex
CREATE UNIQUE INDEX "analytics_event_aggregate_type_aggregate_id_aggregate_versi_key" ON "analytics_event"("aggregate_type", "aggregate_id", "aggregate_version");

-- CreateIndex
CREATE INDEX "promotion_daily_day_idx" ON "promotion_daily"("day");

-- A discount budget is a positive amount in the promotion's currency.
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_discount_budget_valid" CHECK (
  "discount_budget" IS NULL OR ("discount_budget" > 0 AND "currency" IS NOT NULL)
);
