-- AlterTable
ALTER TABLE "cart" ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'WEB';

-- The GraphQL SalesChannel's values only.
ALTER TABLE "cart" ADD CONSTRAINT "cart_channel_known" CHECK ("channel" IN ('WEB', 'MOBILE_APP', 'STORE', 'MARKETPLACE'));
