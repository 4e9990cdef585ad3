-- CreateTable
CREATE TABLE "review_submission" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_submission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_submission_customer_id_submitted_at_idx" ON "review_submission"("customer_id", "submitted_at");

-- Reviews written within the last hour count against their authors' limit from the start.
INSERT INTO "review_submission" ("id", "customer_id", "submitted_at")
SELECT "id", "customer_id", "created_at" FROM "review" WHERE "created_at" > now() - interval '1 hour';
