-- AlterTable
ALTER TABLE "promotion" ADD COLUMN     "segments" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Only the customer subgraph's segments; never null (empty means everyone). Kept as a CHECK
-- rather than NOT NULL, which Prisma's scalar lists do not express.
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_segments_known" CHECK (
  "segments" IS NOT NULL
  AND "segments" <@ ARRAY['NEW', 'RETURNING', 'VIP', 'MARKETING_REACHABLE']::TEXT[]
);
