-- AlterTable
-- Prices recorded before authors and reasons were get placeholders; new rows must say both.
ALTER TABLE "price" ADD COLUMN     "author" TEXT NOT NULL DEFAULT 'system',
ADD COLUMN     "reason" TEXT NOT NULL DEFAULT 'Recorded before price history kept reasons';
ALTER TABLE "price" ALTER COLUMN "author" DROP DEFAULT, ALTER COLUMN "reason" DROP DEFAULT;

-- CreateTable
CREATE TABLE "exchange_rate" (
    "base" CHAR(3) NOT NULL,
    "quote" CHAR(3) NOT NULL,
    "rate" DECIMAL(24,10) NOT NULL,
    "source" TEXT NOT NULL,
    "published_on" DATE NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "exchange_rate_pkey" PRIMARY KEY ("base","quote")
);

-- Not modelled by Prisma (no partial indexes there; see schema.prisma).
-- At most one open version per product and currency: a price change closes the open one and
-- inserts the next in one transaction, so two writers that both skipped the lock would fail
-- here instead of leaving two current prices. Versions left open by older writers are closed
-- first, each at the start of the next one.
UPDATE "price" AS p SET "valid_to" = (
    SELECT min(n."valid_from") FROM "price" AS n
    WHERE n."product_id" = p."product_id" AND n."currency" = p."currency" AND n."valid_from" > p."valid_from"
)
WHERE p."valid_to" IS NULL AND EXISTS (
    SELECT 1 FROM "price" AS n
    WHERE n."product_id" = p."product_id" AND n."currency" = p."currency" AND n."valid_from" > p."valid_from"
);
CREATE UNIQUE INDEX "price_one_open_version" ON "price"("product_id", "currency") WHERE "valid_to" IS NULL;

ALTER TABLE "exchange_rate" ADD CONSTRAINT "exchange_rate_positive" CHECK ("rate" > 0);
ALTER TABLE "exchange_rate" ADD CONSTRAINT "exchange_rate_distinct_currencies" CHECK ("base" <> "quote");
