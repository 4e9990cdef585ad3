-- CreateTable
CREATE TABLE "price_override" (
    "id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" DECIMAL(19,4) NOT NULL,
    "reason" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "price_override_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "price_override_product_id_currency_created_at_idx" ON "price_override"("product_id", "currency", "created_at");

-- Not modelled by Prisma. The application validates the same rules first; these keep any other
-- writer (a script, a hand-run fix) from storing a negative price or an override that ends
-- before it starts, or one revoked before it existed.
ALTER TABLE "price_override" ADD CONSTRAINT "price_override_amount_non_negative" CHECK ("amount" >= 0);
ALTER TABLE "price_override" ADD CONSTRAINT "price_override_expires_after_creation" CHECK ("expires_at" > "created_at");
ALTER TABLE "price_override" ADD CONSTRAINT "price_override_revoked_after_creation" CHECK ("revoked_at" IS NULL OR "revoked_at" >= "created_at");
