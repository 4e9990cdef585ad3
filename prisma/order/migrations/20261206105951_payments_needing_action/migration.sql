-- AlterTable
ALTER TABLE "payment_event" ADD COLUMN     "action_required" TEXT,
ADD COLUMN     "refund_reason" TEXT;

-- CreateIndex
CREATE INDEX "payment_event_action_required_received_at_idx" ON "payment_event"("action_required", "received_at");

-- A payment the order cannot keep is REJECTED and says what must be done about it, and why.
ALTER TABLE "payment_event" DROP CONSTRAINT "payment_event_outcome_known";
ALTER TABLE "payment_event" ADD CONSTRAINT "payment_event_outcome_known" CHECK (outcome IN ('APPLIED', 'RECORDED', 'REJECTED'));
ALTER TABLE "payment_event" ADD CONSTRAINT "payment_event_action_known" CHECK (action_required IS NULL OR action_required = 'REFUND');
ALTER TABLE "payment_event" ADD CONSTRAINT "payment_event_rejection_explained" CHECK (
  (outcome = 'REJECTED') = (action_required IS NOT NULL)
  AND (action_required IS NULL) = (refund_reason IS NULL)
  AND (refund_reason IS NULL OR refund_reason IN ('ORDER_CANCELLED', 'ALREADY_PAID', 'PAID_LATE', 'NOT_REVIVABLE'))
);
