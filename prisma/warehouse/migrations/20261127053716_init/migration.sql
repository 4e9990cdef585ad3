-- CreateTable
CREATE TABLE "warehouse" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "warehouse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_item" (
    "warehouse_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stock_item_pkey" PRIMARY KEY ("warehouse_id","product_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "warehouse_code_key" ON "warehouse"("code");

-- CreateIndex
CREATE INDEX "stock_item_product_id_idx" ON "stock_item"("product_id");

-- AddForeignKey
ALTER TABLE "stock_item" ADD CONSTRAINT "stock_item_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Stock can never go negative nor be reserved beyond what is on hand, whatever writes it
-- (application, hand-written SQL or a faulty migration).
ALTER TABLE "stock_item" ADD CONSTRAINT "stock_item_on_hand_non_negative" CHECK ("on_hand" >= 0);
ALTER TABLE "stock_item" ADD CONSTRAINT "stock_item_reserved_non_negative" CHECK ("reserved" >= 0);
ALTER TABLE "stock_item" ADD CONSTRAINT "stock_item_reserved_within_on_hand" CHECK ("reserved" <= "on_hand");
