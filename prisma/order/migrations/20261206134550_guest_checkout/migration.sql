-- AlterTable
ALTER TABLE "cart" ADD COLUMN     "guest_email" TEXT,
ADD COLUMN     "guest_shipping_address" JSONB;

-- AlterTable
ALTER TABLE "order" ADD COLUMN     "guest_email" TEXT,
ALTER COLUMN "customer_id" DROP NOT NULL;

-- AlterTable: the claim's owner is a key naming a customer or a guest's cart token; the claims
-- of customers keep their keys (renamed, prefixed), so a retry still finds its order.
ALTER TABLE "order_request" RENAME COLUMN "customer_id" TO "owner_key";
UPDATE "order_request" SET "owner_key" = 'customer:' || "owner_key";

-- Written by hand (Prisma does not model these).
-- Every order has an owner: a customer, or a guest's e-mail.
ALTER TABLE "order" ADD CONSTRAINT "order_has_an_owner" CHECK ("customer_id" IS NOT NULL OR "guest_email" IS NOT NULL);
ALTER TABLE "order_request" ADD CONSTRAINT "order_request_owner_key_format" CHECK ("owner_key" ~ '^(customer|guest):.+$');
-- claimGuestOrders looks up the unattached guest orders of one e-mail.
CREATE INDEX "order_unclaimed_guest_email_idx" ON "order" ("guest_email") WHERE "customer_id" IS NULL;
