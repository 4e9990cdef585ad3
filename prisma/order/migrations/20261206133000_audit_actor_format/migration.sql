-- Audit actors have one format in every subgraph (shared/auth/audit-actor.ts):
-- staff:<id>, customer:<id> or system:<name>.

-- The payment provider's notifications were written as "payment-provider", and the expiry of an
-- order paid too late as "system:late-payment": both were the payment webhook's doing.
UPDATE "order_status_change" SET "actor" = 'system:payment-webhook'
  WHERE "actor" IN ('payment-provider', 'system:late-payment');

-- Anything else outside the format (the demo shop's "warehouse" and "carrier") was the shop itself.
UPDATE "order_status_change"
  SET "actor" = 'system:' || regexp_replace("actor", '[^A-Za-z0-9._:-]', '-', 'g')
  WHERE "actor" !~ '^(staff|customer|system):[A-Za-z0-9._:-]+$';

ALTER TABLE "order_status_change" ADD CONSTRAINT "order_status_change_actor_format"
  CHECK ("actor" ~ '^(staff|customer|system):[A-Za-z0-9._:-]+$');
