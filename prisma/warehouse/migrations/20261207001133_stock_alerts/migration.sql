-- CreateEnum
CREATE TYPE "StockAlertLevel" AS ENUM ('OK', 'LOW', 'OUT');

-- CreateEnum
CREATE TYPE "StockAlertKind" AS ENUM ('STOCK_LOW', 'STOCK_OUT', 'STOCK_RECOVERED');

-- AlterTable
ALTER TABLE "stock_item" ADD COLUMN     "alert_level" "StockAlertLevel" NOT NULL DEFAULT 'OK',
ADD COLUMN     "low_stock_threshold" INTEGER;

-- AlterTable
ALTER TABLE "warehouse" ADD COLUMN     "low_stock_threshold" INTEGER NOT NULL DEFAULT 5;

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
CREATE TABLE "stock_alert" (
    "id" TEXT NOT NULL,
    "warehouse_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "kind" "StockAlertKind" NOT NULL,
    "level" "StockAlertLevel" NOT NULL,
    "previous_level" "StockAlertLevel" NOT NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_alert_throttle" (
    "sink" TEXT NOT NULL,
    "stock_item" TEXT NOT NULL,
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL,
    "suppressed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stock_alert_throttle_pkey" PRIMARY KEY ("sink","stock_item")
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
CREATE INDEX "stock_alert_acknowledged_at_id_idx" ON "stock_alert"("acknowledged_at", "id");

-- CreateIndex
CREATE INDEX "stock_alert_warehouse_id_id_idx" ON "stock_alert"("warehouse_id", "id");

-- CreateIndex
CREATE INDEX "stock_alert_product_id_id_idx" ON "stock_alert"("product_id", "id");

-- Existing stock starts at the level it is at now, so deploying reports no crossing that did
-- not happen (the rule of subgraphs/warehouse/src/domain/stock-alerts.ts, with the default threshold).
UPDATE "stock_item" s SET "alert_level" = CASE
    WHEN s."on_hand" - s."reserved" <= 0 THEN 'OUT'::"StockAlertLevel"
    WHEN s."on_hand" - s."reserved" <= w."low_stock_threshold" THEN 'LOW'::"StockAlertLevel"
    ELSE 'OK'::"StockAlertLevel"
  END
  FROM "warehouse" w WHERE w."id" = s."warehouse_id";

-- A threshold is a count of units, within what one stock row may hold (MAX_ON_HAND).
ALTER TABLE "warehouse" ADD CONSTRAINT "warehouse_low_stock_threshold_range"
  CHECK ("low_stock_threshold" BETWEEN 0 AND 1000000000);
ALTER TABLE "stock_item" ADD CONSTRAINT "stock_item_low_stock_threshold_range"
  CHECK ("low_stock_threshold" IS NULL OR "low_stock_threshold" BETWEEN 0 AND 1000000000);

-- An alert's kind is the level it reports, and it reports a change of level.
ALTER TABLE "stock_alert" ADD CONSTRAINT "stock_alert_kind_matches_level" CHECK (
  ("kind" = 'STOCK_LOW' AND "level" = 'LOW') OR
  ("kind" = 'STOCK_OUT' AND "level" = 'OUT') OR
  ("kind" = 'STOCK_RECOVERED' AND "level" = 'OK')
);
ALTER TABLE "stock_alert" ADD CONSTRAINT "stock_alert_level_changed" CHECK ("level" <> "previous_level");
-- Acknowledged means by someone at some time; only staff acknowledge (shared/auth/audit-actor.ts).
ALTER TABLE "stock_alert" ADD CONSTRAINT "stock_alert_acknowledged_by_staff" CHECK (
  ("acknowledged_by" IS NULL AND "acknowledged_at" IS NULL) OR
  ("acknowledged_by" ~ '^staff:[A-Za-z0-9._:-]+$' AND "acknowledged_at" IS NOT NULL)
);
ALTER TABLE "stock_alert_throttle" ADD CONSTRAINT "stock_alert_throttle_suppressed_non_negative"
  CHECK ("suppressed" >= 0);
