-- CreateEnum
CREATE TYPE "PromotionChange" AS ENUM ('CREATED', 'UPDATED', 'PAUSED', 'RESUMED', 'ENDED');

-- AlterTable
ALTER TABLE "promotion" ADD COLUMN     "exclusivity_group" TEXT,
ADD COLUMN     "paused_at" TIMESTAMPTZ(3),
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rule" JSONB,
ADD COLUMN     "target_category_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "target_product_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "promotion_version" (
    "promotion_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "change" "PromotionChange" NOT NULL,
    "terms" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "request_id" TEXT,
    "accepted_conflicts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_version_pkey" PRIMARY KEY ("promotion_id","version")
);

-- AddForeignKey
ALTER TABLE "promotion_version" ADD CONSTRAINT "promotion_version_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Never null (empty means the whole order); ids as other subgraphs issue them.
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_targets_not_null"
  CHECK ("target_product_ids" IS NOT NULL AND "target_category_ids" IS NOT NULL);
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_priority_range" CHECK ("priority" BETWEEN -1000 AND 1000);
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_exclusivity_group_format"
  CHECK ("exclusivity_group" IS NULL OR "exclusivity_group" ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$');
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_version_positive" CHECK ("version" >= 1);
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_rule_is_object" CHECK ("rule" IS NULL OR jsonb_typeof("rule") = 'object');
ALTER TABLE "promotion_version" ADD CONSTRAINT "promotion_version_actor_format"
  CHECK ("actor" ~ '^(staff|system):[A-Za-z0-9._:-]+$');

-- Versions are history: no one rewrites what a promotion said when an order was judged by it.
CREATE FUNCTION "promotion_version_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'promotion_version is append-only';
END;
$$;
CREATE TRIGGER "promotion_version_append_only" BEFORE UPDATE OR DELETE ON "promotion_version"
  FOR EACH ROW EXECUTE FUNCTION "promotion_version_append_only"();

-- Promotions that existed before versions were kept start their history at version 1.
INSERT INTO "promotion_version" ("promotion_id", "version", "change", "terms", "actor")
SELECT "id", 1, 'CREATED', jsonb_build_object(
         'code', "code", 'name', "name", 'description', "description", 'kind', "kind",
         'value', "value"::text, 'currency', "currency", 'minimumSubtotal', "minimum_subtotal"::text,
         'maxDiscount', "max_discount"::text, 'stackable', "stackable", 'advertised', "advertised",
         'startsAt', "starts_at", 'endsAt', "ends_at", 'usageLimit', "usage_limit",
         'perCustomerLimit', "per_customer_limit", 'segments', to_jsonb("segments"), 'priority', 0,
         'exclusivityGroup', NULL, 'targetProductIds', '[]'::jsonb, 'targetCategoryIds', '[]'::jsonb,
         'rule', NULL, 'pausedAt', NULL),
       'system:migration'
  FROM "promotion";
