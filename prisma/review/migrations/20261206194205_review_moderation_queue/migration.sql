-- AlterEnum
ALTER TYPE "ReviewStatus" ADD VALUE 'ESCALATED';

-- AlterTable
ALTER TABLE "review" ADD COLUMN     "claimed_by" TEXT,
ADD COLUMN     "claimed_until" TIMESTAMPTZ(3),
ADD COLUMN     "rejection_reason" TEXT;

-- CreateTable
CREATE TABLE "review_moderation_audit" (
    "id" TEXT NOT NULL,
    "review_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "note" TEXT,
    "request_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_moderation_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_moderation_audit_review_id_id_idx" ON "review_moderation_audit"("review_id", "id");

-- CreateIndex
CREATE INDEX "review_status_id_idx" ON "review"("status", "id");

-- Kept by hand (Prisma does not model CHECK constraints or triggers). The new enum value is not
-- named here: PostgreSQL refuses a value added in the same transaction.
-- A claim has a holder and an end, or neither; only staff hold claims.
ALTER TABLE "review"
  ADD CONSTRAINT "review_claim_complete" CHECK (("claimed_by" IS NULL) = ("claimed_until" IS NULL)),
  ADD CONSTRAINT "review_claimed_by_staff" CHECK ("claimed_by" IS NULL OR "claimed_by" ~ '^staff:[A-Za-z0-9._:-]+$'),
  -- A rejection reason belongs to a rejected review, and says something.
  ADD CONSTRAINT "review_rejection_reason_of_rejected"
    CHECK ("rejection_reason" IS NULL OR ("status" = 'REJECTED' AND length(btrim("rejection_reason")) > 0));

ALTER TABLE "review_moderation_audit"
  ADD CONSTRAINT "review_moderation_audit_actor_format" CHECK ("actor" ~ '^staff:[A-Za-z0-9._:-]+$'),
  ADD CONSTRAINT "review_moderation_audit_action_known"
    CHECK ("action" IN ('CLAIMED', 'APPROVED', 'REJECTED', 'ESCALATED')),
  -- Refusing a review always says why.
  ADD CONSTRAINT "review_moderation_audit_rejection_has_reason"
    CHECK ("action" <> 'REJECTED' OR length(btrim(coalesce("note", ''))) > 0);

-- The trail is append-only: no one rewrites who decided what about a review.
CREATE FUNCTION "review_moderation_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review_moderation_audit is append-only';
END;
$$;
CREATE TRIGGER "review_moderation_audit_append_only" BEFORE UPDATE OR DELETE ON "review_moderation_audit"
  FOR EACH ROW EXECUTE FUNCTION "review_moderation_audit_append_only"();
