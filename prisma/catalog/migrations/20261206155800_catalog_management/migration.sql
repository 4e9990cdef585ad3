-- AlterTable
ALTER TABLE "category" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "product" ADD COLUMN     "search_vector" tsvector,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

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

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "outbox_event"("id");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_position_idx" ON "outbox_event"("published_at", "position");

-- CreateIndex
CREATE INDEX "outbox_event_settled_at_position_idx" ON "outbox_event"("settled_at", "position");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_aggregate_type_aggregate_id_aggregate_version_key" ON "outbox_event"("aggregate_type", "aggregate_id", "aggregate_version");

-- CreateIndex
CREATE INDEX "product_search_vector_idx" ON "product" USING GIN ("search_vector");

-- Constraints Prisma cannot express: they hold even for hand-written SQL.
-- SKUs are stored upper-case, so the unique index on sku makes them unique case-insensitively.
ALTER TABLE "product" ADD CONSTRAINT "product_sku_upper_case" CHECK ("sku" = upper("sku"));
ALTER TABLE "product" ADD CONSTRAINT "product_version_positive" CHECK ("version" > 0);
ALTER TABLE "category" ADD CONSTRAINT "category_version_positive" CHECK ("version" > 0);
ALTER TABLE "outbox_event" ADD CONSTRAINT "outbox_event_version_positive" CHECK ("aggregate_version" > 0);

-- The search document of a product, kept by PostgreSQL on every write, whoever writes. Shoppers
-- search names first, then SKUs, then descriptions (weights A, B, C: ts_rank ranks by them).
-- English stemming lets "teas" find "tea"; SKUs are matched as they are written.
CREATE FUNCTION product_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', NEW.name), 'A') ||
    setweight(to_tsvector('simple', NEW.sku), 'B') ||
    setweight(to_tsvector('english', NEW.description), 'C');
  RETURN NEW;
END
$$;
CREATE TRIGGER product_search_document BEFORE INSERT OR UPDATE OF name, sku, description ON "product"
  FOR EACH ROW EXECUTE FUNCTION product_search_document();
-- Products written before this migration get theirs now.
UPDATE "product" SET name = name;
