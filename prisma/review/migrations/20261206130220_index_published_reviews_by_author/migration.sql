-- DropIndex
DROP INDEX "review_customer_id_id_idx";

-- CreateIndex
CREATE INDEX "review_customer_id_status_id_idx" ON "review"("customer_id", "status", "id");
