-- AlterTable
ALTER TABLE "cart" ADD COLUMN     "promotion_codes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "order" ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "payment_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "refund_pending" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "shipping_address" JSONB;

-- AlterTable
ALTER TABLE "order_line" ADD COLUMN     "price_version_id" TEXT;

-- CreateTable
CREATE TABLE "order_discount" (
    "order_id" TEXT NOT NULL,
    "promotion_id" TEXT NOT NULL,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "amount" DECIMAL(19,4) NOT NULL,

    CONSTRAINT "order_discount_pkey" PRIMARY KEY ("order_id","promotion_id")
);

-- CreateTable
CREATE TABLE "order_request" (
    "customer_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "order_id" TEXT NOT NULL,
    "completed" BOOLEAN NOT NULL DEFAULT false,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_request_pkey" PRIMARY KEY ("customer_id","idempotency_key")
);

-- CreateTable
CREATE TABLE "payment_event" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "amount" DECIMAL(19,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "payment_event_pkey" PRIMARY KEY ("id")
);

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

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("position")
);

-- CreateIndex
CREATE INDEX "payment_event_order_id_idx" ON "payment_event"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "outbox_event"("id");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_position_idx" ON "outbox_event"("published_at", "position");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_aggregate_type_aggregate_id_aggregate_version_key" ON "outbox_event"("aggregate_type", "aggregate_id", "aggregate_version");

-- CreateIndex
CREATE INDEX "order_status_payment_due_at_idx" ON "order"("status", "payment_due_at");

-- CreateIndex
CREATE UNIQUE INDEX "order_customer_id_idempotency_key_key" ON "order"("customer_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "order_discount" ADD CONSTRAINT "order_discount_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Constraints Prisma cannot express: they hold even for hand-written SQL.
ALTER TABLE "cart" ADD CONSTRAINT "cart_promotion_codes_bounded" CHECK (cardinality("promotion_codes") <= 5);
ALTER TABLE "order_discount" ADD CONSTRAINT "order_discount_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "payment_event" ADD CONSTRAINT "payment_event_outcome_known" CHECK ("outcome" IN ('APPLIED', 'RECORDED'));
ALTER TABLE "outbox_event" ADD CONSTRAINT "outbox_event_version_positive" CHECK ("aggregate_version" > 0);
