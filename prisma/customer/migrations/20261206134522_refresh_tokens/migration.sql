-- CreateTable
CREATE TABLE "refresh_token" (
    "id" TEXT NOT NULL,
    "family_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "token_hash" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "family_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "replaced_by_id" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,

    CONSTRAINT "refresh_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "refresh_token_token_hash_key" ON "refresh_token"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_token_family_id_idx" ON "refresh_token"("family_id");

-- CreateIndex
CREATE INDEX "refresh_token_customer_id_idx" ON "refresh_token"("customer_id");

-- AddForeignKey
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept by hand (Prisma does not model CHECK constraints): a token never outlives its family, a
-- revocation always says why, and a hash is exactly one SHA-256.
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_expiry_within_family" CHECK ("expires_at" <= "family_expires_at");
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_revocation_has_reason" CHECK (("revoked_at" IS NULL) = ("revoked_reason" IS NULL));
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_hash_is_sha256" CHECK (octet_length("token_hash") = 32);
