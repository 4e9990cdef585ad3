-- CreateIndex
CREATE INDEX "product_status_category_id_idx" ON "product"("status", "category_id");
