-- AlterTable
ALTER TABLE "reservation" ADD COLUMN     "customer_id" TEXT,
ADD COLUMN     "destination" JSONB;

-- AlterTable
ALTER TABLE "warehouse" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "region" TEXT,
ADD COLUMN     "ships_outside_zones" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "shipping_zone" (
    "warehouse_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cost" DECIMAL(19,4),

    CONSTRAINT "shipping_zone_pkey" PRIMARY KEY ("warehouse_id","code")
);

-- CreateTable
CREATE TABLE "shipping_zone_country" (
    "warehouse_id" TEXT NOT NULL,
    "zone_code" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,

    CONSTRAINT "shipping_zone_country_pkey" PRIMARY KEY ("warehouse_id","country")
);

-- CreateTable
CREATE TABLE "warehouse_change" (
    "id" TEXT NOT NULL,
    "warehouse_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB NOT NULL,
    "correlation_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "warehouse_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shipping_zone_country_warehouse_id_zone_code_idx" ON "shipping_zone_country"("warehouse_id", "zone_code");

-- CreateIndex
CREATE INDEX "warehouse_change_warehouse_id_created_at_idx" ON "warehouse_change"("warehouse_id", "created_at");

-- AddForeignKey
ALTER TABLE "shipping_zone" ADD CONSTRAINT "shipping_zone_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipping_zone_country" ADD CONSTRAINT "shipping_zone_country_warehouse_id_zone_code_fkey" FOREIGN KEY ("warehouse_id", "zone_code") REFERENCES "shipping_zone"("warehouse_id", "code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "warehouse_change" ADD CONSTRAINT "warehouse_change_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A location is a point or nothing; degrees within the globe.
ALTER TABLE "warehouse" ADD CONSTRAINT "warehouse_coordinates_both_or_neither"
  CHECK (("latitude" IS NULL) = ("longitude" IS NULL));
ALTER TABLE "warehouse" ADD CONSTRAINT "warehouse_coordinates_on_the_globe"
  CHECK ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180);

-- A cost compared between warehouses is never negative.
ALTER TABLE "shipping_zone" ADD CONSTRAINT "shipping_zone_cost_not_negative" CHECK ("cost" >= 0);

-- The same audit actor format as stock movements (shared/auth/audit-actor.ts).
ALTER TABLE "warehouse_change" ADD CONSTRAINT "warehouse_change_actor_format"
  CHECK ("actor" ~ '^(staff|customer|system):[A-Za-z0-9._:-]+$');
