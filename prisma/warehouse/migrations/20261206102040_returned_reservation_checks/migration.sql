-- A separate migration from the one adding the enum values: PostgreSQL refuses to use a new
-- enum value in the transaction that added it, and each migration is one transaction.

-- Only a paid order's reservation is returned, and a paid order was confirmed first.
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_returned_is_confirmed"
  CHECK ("status" <> 'RETURNED' OR "confirmed_at" IS NOT NULL);

-- Returning puts committed units back on hand and reserves none of them.
ALTER TABLE "stock_movement" DROP CONSTRAINT "stock_movement_deltas_match_kind";
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_deltas_match_kind" CHECK (
  ("kind" = 'RESERVE' AND "on_hand_delta" = 0 AND "reserved_delta" > 0) OR
  ("kind" = 'RELEASE' AND "on_hand_delta" = 0 AND "reserved_delta" < 0) OR
  ("kind" = 'COMMIT' AND "on_hand_delta" < 0 AND "on_hand_delta" = "reserved_delta") OR
  ("kind" = 'ADJUST' AND "on_hand_delta" <> 0 AND "reserved_delta" = 0) OR
  ("kind" = 'RETURN' AND "on_hand_delta" > 0 AND "reserved_delta" = 0)
);
