-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "business" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "customer_audit" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "request_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_audit_customer_id_created_at_idx" ON "customer_audit"("customer_id", "created_at");

-- Kept by hand (Prisma does not model CHECK constraints).
ALTER TABLE "customer_audit" ADD CONSTRAINT "customer_audit_actor_format" CHECK ("actor" ~ '^staff:.+$');
ALTER TABLE "customer_audit" ADD CONSTRAINT "customer_audit_action_known" CHECK ("action" IN ('BUSINESS_ACCOUNT_SET'));

-- Order import has its own staff role.
ALTER TABLE "staff_user" DROP CONSTRAINT "staff_user_roles_known";
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_roles_known"
  CHECK ("roles" <@ ARRAY['support', 'catalog_admin', 'pricing_admin', 'promotion_admin', 'warehouse_admin', 'order_admin', 'moderator', 'admin', 'service']::TEXT[]);
