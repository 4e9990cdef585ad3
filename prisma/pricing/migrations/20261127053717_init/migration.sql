-- CreateTable
CREATE TABLE "price" (
    "id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" DECIMAL(19,4) NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_to" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "price_product_id_currency_valid_from_idx" ON "price"("product_id", "currency", "valid_from");

ALTER TABLE "price" ADD CONSTRAINT "price_amount_non_negative" CHECK ("amount" >= 0);
ALTER TABLE "price" ADD CONSTRAINT "price_validity_ordered" CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from");
