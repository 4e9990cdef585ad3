-- AlterTable
ALTER TABLE "address"
ADD COLUMN     "is_default_billing" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "is_default_shipping" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- The one default address of each customer becomes their default shipping and billing address:
-- the address `defaultAddress` answered until now (the one marked default, else the oldest; the
-- oldest marked one if several were), so no customer's default changes.
UPDATE "address" SET "is_default_shipping" = true, "is_default_billing" = true
WHERE "id" IN (
    SELECT DISTINCT ON ("customer_id") "id" FROM "address"
    ORDER BY "customer_id", "is_default" DESC, "created_at", "id"
);

ALTER TABLE "address" DROP COLUMN "is_default";

-- CreateTable
CREATE TABLE "address_audit" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "address_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "address_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "address_audit_customer_id_created_at_idx" ON "address_audit"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "address_audit_address_id_idx" ON "address_audit"("address_id");

-- At most one default shipping and one default billing address per customer, whatever the code does.
CREATE UNIQUE INDEX "address_one_default_shipping_per_customer" ON "address"("customer_id") WHERE "is_default_shipping";
CREATE UNIQUE INDEX "address_one_default_billing_per_customer" ON "address"("customer_id") WHERE "is_default_billing";

ALTER TABLE "address" ADD CONSTRAINT "address_version_positive" CHECK ("version" >= 1);
ALTER TABLE "address_audit" ADD CONSTRAINT "address_audit_actor_format" CHECK ("actor" ~ '^(customer|staff):.+$');
ALTER TABLE "address_audit" ADD CONSTRAINT "address_audit_action_known" CHECK ("action" IN ('ADDED', 'UPDATED', 'REMOVED', 'DEFAULT_SET'));
