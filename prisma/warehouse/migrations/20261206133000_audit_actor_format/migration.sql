-- Audit actors have one format in every subgraph (shared/auth/audit-actor.ts):
-- staff:<id>, customer:<id> or system:<name>.

-- Event handlers: event:<type> becomes system:event-<type>.
UPDATE "stock_movement" SET "actor" = 'system:event-' || substr("actor", length('event:') + 1)
  WHERE "actor" LIKE 'event:%';

-- Jobs: job:<name> becomes system:<name>.
UPDATE "stock_movement" SET "actor" = 'system:' || substr("actor", length('job:') + 1)
  WHERE "actor" LIKE 'job:%';

-- Calls from other subgraphs carried their service token's subject, service:<name>.
UPDATE "stock_movement" SET "actor" = 'system:' || substr("actor", length('service:') + 1)
  WHERE "actor" LIKE 'service:%';

-- What is left is the bare subject of a staff token (adjustStock is for staff only).
UPDATE "stock_movement"
  SET "actor" = 'staff:' || regexp_replace("actor", '[^A-Za-z0-9._:-]', '-', 'g')
  WHERE "actor" !~ '^(staff|customer|system):[A-Za-z0-9._:-]+$';

ALTER TABLE "stock_movement" DROP CONSTRAINT "stock_movement_actor_present";
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_actor_format"
  CHECK ("actor" ~ '^(staff|customer|system):[A-Za-z0-9._:-]+$');
