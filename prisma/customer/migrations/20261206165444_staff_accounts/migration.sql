-- AlterTable
ALTER TABLE "staff_user" ADD COLUMN     "password_hash" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'ACTIVE',
ADD COLUMN     "tokens_revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_last_step" INTEGER,
ADD COLUMN     "totp_secret" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "staff_invitation" (
    "id" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "token_hash" BYTEA NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_audit" (
    "id" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "request_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_invitation_token_hash_key" ON "staff_invitation"("token_hash");

-- CreateIndex
CREATE INDEX "staff_invitation_staff_id_idx" ON "staff_invitation"("staff_id");

-- CreateIndex
CREATE INDEX "staff_audit_staff_id_at_idx" ON "staff_audit"("staff_id", "at");

-- AddForeignKey
ALTER TABLE "staff_invitation" ADD CONSTRAINT "staff_invitation_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept by hand (Prisma does not model CHECK constraints or triggers).
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_status_known" CHECK ("status" IN ('INVITED', 'ACTIVE', 'DEACTIVATED'));
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_version_positive" CHECK ("version" >= 1);
-- A staff member is never a customer. (The API grants staff roles only; `service` is here for the
-- development tokens `npm run token -- --role service` mints.)
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_roles_known"
  CHECK ("roles" <@ ARRAY['support', 'catalog_admin', 'pricing_admin', 'warehouse_admin', 'moderator', 'admin', 'service']::TEXT[]);
-- The second factor comes with the password: an account never has one without the other.
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_totp_with_password" CHECK (("totp_secret" IS NULL) OR ("password_hash" IS NOT NULL));
ALTER TABLE "staff_invitation" ADD CONSTRAINT "staff_invitation_hash_is_sha256" CHECK (octet_length("token_hash") = 32);
ALTER TABLE "staff_invitation" ADD CONSTRAINT "staff_invitation_created_by_format" CHECK ("created_by" ~ '^staff:.+$');
ALTER TABLE "staff_audit" ADD CONSTRAINT "staff_audit_actor_format" CHECK ("actor" ~ '^(staff|system):[A-Za-z0-9._:-]+$');
ALTER TABLE "staff_audit" ADD CONSTRAINT "staff_audit_action_known"
  CHECK ("action" IN ('INVITED', 'INVITATION_ACCEPTED', 'ACTIVATED', 'ROLES_GRANTED', 'ROLES_REVOKED', 'DEACTIVATED'));

-- The audit trail is append-only: no one rewrites who did what to a staff account.
CREATE FUNCTION "staff_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'staff_audit is append-only';
END;
$$;
CREATE TRIGGER "staff_audit_append_only" BEFORE UPDATE OR DELETE ON "staff_audit"
  FOR EACH ROW EXECUTE FUNCTION "staff_audit_append_only"();
