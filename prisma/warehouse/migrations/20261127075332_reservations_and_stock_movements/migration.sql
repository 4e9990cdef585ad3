-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('HELD', 'COMMITTED', 'RELEASED');

-- CreateEnum
CREATE TYPE "StockMovementKind" AS ENUM ('RESERVE', 'RELEASE', 'COMMIT', 'ADJUST');

-- CreateTable
CREATE TABLE "reservation" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "status" "ReservationStatus" NOT NULL DEFAULT 'HELD',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservation_line" (
    "reservation_id" TEXT NOT NULL,
    "warehouse_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "reservation_line_pkey" PRIMARY KEY ("reservation_id","product_id","warehouse_id")
);

-- CreateTable
CREATE TABLE "stock_movement" (
    "id" TEXT NOT NULL,
    "warehouse_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "on_hand_delta" INTEGER NOT NULL,
    "reserved_delta" INTEGER NOT NULL,
    "kind" "StockMovementKind" NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "correlation_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movement_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "reservation_order_id_key" ON "reservation"("order_id");

-- CreateIndex
CREATE INDEX "reservation_status_expires_at_idx" ON "reservation"("status", "expires_at");

-- CreateIndex
CREATE INDEX "stock_movement_product_id_created_at_idx" ON "stock_movement"("product_id", "created_at");

-- CreateIndex
CREATE INDEX "stock_movement_correlation_id_idx" ON "stock_movement"("correlation_id");

-- CreateIndex
CREATE UNIQUE INDEX "processed_event_consumer_aggregate_type_aggregate_id_aggreg_key" ON "processed_event"("consumer", "aggregate_type", "aggregate_id", "aggregate_version");

-- AddForeignKey
ALTER TABLE "reservation_line" ADD CONSTRAINT "reservation_line_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation_line" ADD CONSTRAINT "reservation_line_warehouse_id_product_id_fkey" FOREIGN KEY ("warehouse_id", "product_id") REFERENCES "stock_item"("warehouse_id", "product_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_warehouse_id_product_id_fkey" FOREIGN KEY ("warehouse_id", "product_id") REFERENCES "stock_item"("warehouse_id", "product_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A reservation line holds at least one unit; an empty line would be a reservation of nothing.
ALTER TABLE "reservation_line" ADD CONSTRAINT "reservation_line_quantity_positive" CHECK ("quantity" > 0);

-- Only a confirmed order can be paid, so a committed reservation always has its confirmation time.
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_committed_is_confirmed"
  CHECK ("status" <> 'COMMITTED' OR "confirmed_at" IS NOT NULL);

-- Each kind of movement changes stock in exactly one way, so the audit trail cannot describe a
-- change that did not happen: reserving and releasing move only `reserved`, committing takes the
-- same units out of both counters, adjusting (goods received, write-offs) moves only `on_hand`.
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_deltas_match_kind" CHECK (
  ("kind" = 'RESERVE' AND "on_hand_delta" = 0 AND "reserved_delta" > 0) OR
  ("kind" = 'RELEASE' AND "on_hand_delta" = 0 AND "reserved_delta" < 0) OR
  ("kind" = 'COMMIT' AND "on_hand_delta" < 0 AND "on_hand_delta" = "reserved_delta") OR
  ("kind" = 'ADJUST' AND "on_hand_delta" <> 0 AND "reserved_delta" = 0)
);
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_actor_present" CHECK (length("actor") > 0);
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_reason_present" CHECK (length("reason") > 0);
