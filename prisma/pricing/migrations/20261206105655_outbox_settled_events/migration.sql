-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN     "settled_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "outbox_event_settled_at_position_idx" ON "outbox_event"("settled_at", "position");
