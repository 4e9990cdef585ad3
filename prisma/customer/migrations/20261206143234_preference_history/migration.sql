-- CreateTable
CREATE TABLE "preference_change" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "old_value" TEXT,
    "new_value" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "preference_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "preference_change_customer_id_id_idx" ON "preference_change"("customer_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "preference_change_customer_id_key_seq_key" ON "preference_change"("customer_id", "key", "seq");

-- AddForeignKey
ALTER TABLE "preference_change" ADD CONSTRAINT "preference_change_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "preference_change" ADD CONSTRAINT "preference_change_key_known"
  CHECK ("key" IN ('LANGUAGE', 'CURRENCY', 'MARKETING_EMAIL', 'MARKETING_SMS', 'PROFILING', 'TERMS_VERSION'));
ALTER TABLE "preference_change" ADD CONSTRAINT "preference_change_source_known"
  CHECK ("source" IN ('SIGN_UP', 'API', 'SUPPORT'));
ALTER TABLE "preference_change" ADD CONSTRAINT "preference_change_actor_format" CHECK ("actor" ~ '^(customer|staff):.+$');
ALTER TABLE "preference_change" ADD CONSTRAINT "preference_change_seq_positive" CHECK ("seq" >= 1);
-- A row records a change: writing the value a key already has is not one.
ALTER TABLE "preference_change" ADD CONSTRAINT "preference_change_changes_something"
  CHECK ("old_value" IS DISTINCT FROM "new_value");

-- The chain of a key's changes has no gap and no fork: a new row follows the latest row of its
-- customer and key (seq + 1) and starts from its new value. Together with the unique
-- (customer_id, key, seq) index, two writers that read the same latest row cannot both append:
-- the second one's insert fails instead of recording a change from a value that was gone.
CREATE FUNCTION "preference_change_follows_latest"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  latest "preference_change"%ROWTYPE;
BEGIN
  SELECT * INTO latest FROM "preference_change"
  WHERE "customer_id" = NEW."customer_id" AND "key" = NEW."key"
  ORDER BY "seq" DESC LIMIT 1;
  IF NOT FOUND THEN
    IF NEW."seq" <> 1 OR NEW."old_value" IS NOT NULL THEN
      RAISE EXCEPTION 'the first % change of customer % must have seq 1 and no old value', NEW."key", NEW."customer_id"
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NEW."seq" <> latest."seq" + 1 OR NEW."old_value" IS DISTINCT FROM latest."new_value" THEN
    RAISE EXCEPTION 'a % change of customer % must follow change % (from %)', NEW."key", NEW."customer_id",
      latest."seq", latest."new_value"
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "preference_change_follows_latest" BEFORE INSERT ON "preference_change"
  FOR EACH ROW EXECUTE FUNCTION "preference_change_follows_latest"();

-- Append-only: consent history is evidence, so no row is ever changed or removed, whoever asks.
-- A future erasure (right to be forgotten) must still be able to anonymise a customer's rows
-- (actor, request id); it will do so through a dedicated, audited path that this trigger lets
-- through, rather than by relaxing the rule for every writer.
CREATE FUNCTION "preference_change_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'preference_change is append-only: % is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "preference_change_no_update_or_delete" BEFORE UPDATE OR DELETE ON "preference_change"
  FOR EACH ROW EXECUTE FUNCTION "preference_change_is_append_only"();
CREATE TRIGGER "preference_change_no_truncate" BEFORE TRUNCATE ON "preference_change"
  FOR EACH STATEMENT EXECUTE FUNCTION "preference_change_is_append_only"();
