-- CreateTable
CREATE TABLE "bulk_order_import" (
    "id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "customer_id" TEXT,
    "format" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "file_key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "done_rows" INTEGER NOT NULL DEFAULT 0,
    "placed_rows" INTEGER NOT NULL DEFAULT 0,
    "skipped_rows" INTEGER NOT NULL DEFAULT 0,
    "failed_rows" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bulk_order_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_order_import_chunk" (
    "import_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "content" TEXT NOT NULL,

    CONSTRAINT "bulk_order_import_chunk_pkey" PRIMARY KEY ("import_id","sequence")
);

-- CreateTable
CREATE TABLE "bulk_order_import_row" (
    "import_id" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "order_ref" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "shipping_address_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "promotion_code" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING',
    "order_id" TEXT,
    "error_code" TEXT,
    "error_message" TEXT,

    CONSTRAINT "bulk_order_import_row_pkey" PRIMARY KEY ("import_id","line")
);

-- CreateIndex
CREATE INDEX "bulk_order_import_expires_at_idx" ON "bulk_order_import"("expires_at");

-- CreateIndex
CREATE INDEX "bulk_order_import_row_import_id_order_ref_idx" ON "bulk_order_import_row"("import_id", "order_ref");

-- AddForeignKey
ALTER TABLE "bulk_order_import_chunk" ADD CONSTRAINT "bulk_order_import_chunk_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "bulk_order_import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_order_import_row" ADD CONSTRAINT "bulk_order_import_row_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "bulk_order_import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept by hand (Prisma does not model CHECK constraints).
ALTER TABLE "bulk_order_import" ADD CONSTRAINT "bulk_order_import_status_known"
  CHECK ("status" IN ('UPLOADING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'ROLLED_BACK'));
ALTER TABLE "bulk_order_import" ADD CONSTRAINT "bulk_order_import_counts_consistent"
  CHECK ("done_rows" <= "total_rows" AND "placed_rows" + "skipped_rows" + "failed_rows" = "done_rows");
ALTER TABLE "bulk_order_import_row" ADD CONSTRAINT "bulk_order_import_row_outcome_known"
  CHECK ("outcome" IN ('PENDING', 'PLACED', 'ALREADY_PLACED', 'FAILED', 'ROLLED_BACK'));
