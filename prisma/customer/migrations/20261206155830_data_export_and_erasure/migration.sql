-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "erased_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "data_export" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "document" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,

    CONSTRAINT "data_export_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "data_export_customer_id_requested_at_idx" ON "data_export"("customer_id", "requested_at");

-- CreateIndex
CREATE INDEX "data_export_status_requested_at_idx" ON "data_export"("status", "requested_at");

-- AddForeignKey
ALTER TABLE "data_export" ADD CONSTRAINT "data_export_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "data_export" ADD CONSTRAINT "data_export_status_known"
  CHECK ("status" IN ('PENDING', 'READY', 'FAILED', 'EXPIRED'));
ALTER TABLE "data_export" ADD CONSTRAINT "data_export_requested_by_format" CHECK ("requested_by" ~ '^(customer|staff):.+$');
-- A document exists exactly while the export is READY: an expired one has been dropped.
ALTER TABLE "data_export" ADD CONSTRAINT "data_export_document_while_ready"
  CHECK (("document" IS NOT NULL) = ("status" = 'READY'));
ALTER TABLE "data_export" ADD CONSTRAINT "data_export_ready_has_times"
  CHECK ("status" <> 'READY' OR ("ready_at" IS NOT NULL AND "expires_at" IS NOT NULL));

-- An erased account's refresh tokens are revoked with this reason.
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_revoked_reason_known"
  CHECK ("revoked_reason" IN ('SIGNED_OUT', 'REUSED', 'PASSWORD_CHANGED', 'ERASED'));

-- The one way a consent history row may change: erasing its customer. The erasure, inside its
-- transaction and after marking the customer erased, sets `customer.erasing` to the customer's
-- id (SET LOCAL) and replaces each row's request id, the only value a client chose freely, with
-- 'erased'. Every other column (key, values, sequence, source, actor, time) must stay as it was,
-- so the history of what was consented to, and when, survives. Deletes stay refused.
CREATE OR REPLACE FUNCTION "preference_change_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF current_setting('customer.erasing', true) = OLD."customer_id"
       AND NEW."request_id" = 'erased'
       AND (NEW."id", NEW."customer_id", NEW."key", NEW."seq", NEW."old_value", NEW."new_value", NEW."source",
            NEW."actor", NEW."created_at")
           IS NOT DISTINCT FROM
           (OLD."id", OLD."customer_id", OLD."key", OLD."seq", OLD."old_value", OLD."new_value", OLD."source",
            OLD."actor", OLD."created_at")
       AND EXISTS (SELECT 1 FROM "customer" WHERE "id" = OLD."customer_id" AND "erased_at" IS NOT NULL) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'preference_change is append-only: % is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- One export of a customer is gathered at a time: a second request while one is pending is refused.
CREATE UNIQUE INDEX "data_export_one_pending_per_customer" ON "data_export"("customer_id") WHERE "status" = 'PENDING';
