-- Audit actors have one format in every subgraph (shared/auth/audit-actor.ts):
-- staff:<id>, customer:<id> or system:<name>.

-- Placeholders: "system" for prices recorded before authors were, "demo" for the demo price list.
UPDATE "price" SET "author" = 'system:before-authors' WHERE "author" = 'system';
UPDATE "price" SET "author" = 'system:demo-seed' WHERE "author" = 'demo';

-- Every other author is the bare subject of a pricing_admin's token.
UPDATE "price"
  SET "author" = 'staff:' || regexp_replace("author", '[^A-Za-z0-9._:-]', '-', 'g')
  WHERE "author" !~ '^(staff|customer|system):[A-Za-z0-9._:-]+$';
UPDATE "price_override"
  SET "author" = 'staff:' || regexp_replace("author", '[^A-Za-z0-9._:-]', '-', 'g')
  WHERE "author" !~ '^(staff|customer|system):[A-Za-z0-9._:-]+$';

ALTER TABLE "price" ADD CONSTRAINT "price_author_format"
  CHECK ("author" ~ '^(staff|customer|system):[A-Za-z0-9._:-]+$');
ALTER TABLE "price_override" ADD CONSTRAINT "price_override_author_format"
  CHECK ("author" ~ '^(staff|customer|system):[A-Za-z0-9._:-]+$');
