-- AlterTable
ALTER TABLE "cart" ADD COLUMN     "filled_at" TIMESTAMPTZ(3),
ADD COLUMN     "fills" INTEGER NOT NULL DEFAULT 0;

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

    CONSTRAINT "analytics_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sales_daily" (
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "orders_placed" INTEGER NOT NULL DEFAULT 0,
    "orders_paid" INTEGER NOT NULL DEFAULT 0,
    "orders_cancelled" INTEGER NOT NULL DEFAULT 0,
    "orders_expired" INTEGER NOT NULL DEFAULT 0,
    "gross_revenue" DECIMAL(19,4) NOT NULL DEFAULT 0,
    "discounts" DECIMAL(19,4) NOT NULL DEFAULT 0,
    "net_revenue" DECIMAL(19,4) NOT NULL DEFAULT 0,
    "refunds" DECIMAL(19,4) NOT NULL DEFAULT 0,

    CONSTRAINT "sales_daily_pkey" PRIMARY KEY ("day","currency")
);

-- CreateTable
CREATE TABLE "sales_daily_product" (
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "product_id" TEXT NOT NULL,
    "units_sold" INTEGER NOT NULL DEFAULT 0,
    "revenue" DECIMAL(19,4) NOT NULL DEFAULT 0,

    CONSTRAINT "sales_daily_product_pkey" PRIMARY KEY ("day","currency","product_id")
);

-- CreateTable
CREATE TABLE "checkout_daily" (
    "day" DATE NOT NULL,
    "carts_filled" INTEGER NOT NULL DEFAULT 0,
    "carts_paid" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "checkout_daily_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "checkout_round" (
    "cart_id" TEXT NOT NULL,
    "fill" INTEGER NOT NULL,
    "day" DATE,
    "paid" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "checkout_round_pkey" PRIMARY KEY ("cart_id","fill")
);

-- CreateIndex
CREATE UNIQUE INDEX "analytics_event_aggregate_type_aggregate_id_aggregate_versi_key" ON "analytics_event"("aggregate_type", "aggregate_id", "aggregate_version");

-- The order-analytics consumer starts here: every event already in the outbox counts as seen by
-- it, so the next event of an order in flight is recorded (and counts nothing without the order's
-- placement) instead of waiting for earlier events that were published before it existed.
INSERT INTO "processed_event" ("consumer", "event_id", "event_type", "aggregate_type", "aggregate_id", "aggregate_version")
SELECT 'order-analytics', "id", "type", "aggregate_type", "aggregate_id", "aggregate_version" FROM "outbox_event"
ON CONFLICT DO NOTHING;
