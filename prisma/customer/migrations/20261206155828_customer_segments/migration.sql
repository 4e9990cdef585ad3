-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "data_version" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "customer_order_fact" (
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" DECIMAL(19,4) NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "customer_order_fact_pkey" PRIMARY KEY ("order_id")
);

-- CreateIndex
CREATE INDEX "customer_order_fact_customer_id_idx" ON "customer_order_fact"("customer_id");

-- An order's amount is never negative, and a cancellation never precedes its payment's record.
ALTER TABLE "customer_order_fact" ADD CONSTRAINT "customer_order_fact_amount_not_negative" CHECK ("amount" >= 0);
ALTER TABLE "customer" ADD CONSTRAINT "customer_data_version_not_negative" CHECK ("data_version" >= 0);
