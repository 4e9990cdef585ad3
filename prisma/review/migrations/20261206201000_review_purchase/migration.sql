-- CreateTable
CREATE TABLE "review_purchase" (
    "order_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "review_purchase_pkey" PRIMARY KEY ("order_id","product_id")
);

-- CreateIndex
CREATE INDEX "review_purchase_customer_id_product_id_idx" ON "review_purchase"("customer_id", "product_id");
