-- AlterTable
ALTER TABLE "review" ADD COLUMN     "screening_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "review_rating_summary" (
    "product_id" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sum" INTEGER NOT NULL DEFAULT 0,
    "stars_1" INTEGER NOT NULL DEFAULT 0,
    "stars_2" INTEGER NOT NULL DEFAULT 0,
    "stars_3" INTEGER NOT NULL DEFAULT 0,
    "stars_4" INTEGER NOT NULL DEFAULT 0,
    "stars_5" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "review_rating_summary_pkey" PRIMARY KEY ("product_id")
);

-- CreateIndex
CREATE INDEX "review_customer_id_created_at_idx" ON "review"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "review_product_id_created_at_idx" ON "review"("product_id", "created_at");

-- The summary can only hold what a recount could give: never negative, its per-star counts add
-- up to the count, and the sum is what those stars are worth.
ALTER TABLE "review_rating_summary"
  ADD CONSTRAINT "review_rating_summary_counts_not_negative"
    CHECK ("stars_1" >= 0 AND "stars_2" >= 0 AND "stars_3" >= 0 AND "stars_4" >= 0 AND "stars_5" >= 0),
  ADD CONSTRAINT "review_rating_summary_count_is_sum_of_stars"
    CHECK ("count" = "stars_1" + "stars_2" + "stars_3" + "stars_4" + "stars_5"),
  ADD CONSTRAINT "review_rating_summary_sum_matches_stars"
    CHECK ("sum" = "stars_1" + 2 * "stars_2" + 3 * "stars_3" + 4 * "stars_4" + 5 * "stars_5");

ALTER TABLE "review" ADD CONSTRAINT "review_version_positive" CHECK ("version" >= 1);

-- Summaries of the reviews published before this migration: a recount.
INSERT INTO "review_rating_summary" ("product_id", "count", "sum", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5")
SELECT "product_id", count(*), sum("rating"),
       count(*) FILTER (WHERE "rating" = 1), count(*) FILTER (WHERE "rating" = 2),
       count(*) FILTER (WHERE "rating" = 3), count(*) FILTER (WHERE "rating" = 4),
       count(*) FILTER (WHERE "rating" = 5)
FROM "review"
WHERE "status" = 'APPROVED'
GROUP BY "product_id";
