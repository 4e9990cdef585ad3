-- AlterTable
ALTER TABLE "cart" ADD COLUMN     "token_hash" CHAR(64);

-- Not modelled by Prisma. A cart has exactly one owner: its customer, or the guest holding its
-- token. A token hash is a SHA-256 in lower-case hex, so a token stored in clear is refused.
ALTER TABLE "cart" ADD CONSTRAINT "cart_has_one_owner" CHECK (num_nonnulls("customer_id", "token_hash") = 1);
ALTER TABLE "cart" ADD CONSTRAINT "cart_token_hash_is_sha256_hex" CHECK ("token_hash" ~ '^[0-9a-f]{64}$');
