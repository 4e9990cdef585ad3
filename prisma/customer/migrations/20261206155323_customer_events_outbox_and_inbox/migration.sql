-- CreateTable
CREATE TABLE "outbox_event" (
    "position" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "aggregate_version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "correlation_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("position")
);

-- CreateTable
CREATE TABLE "processed_event" (
    "consumer" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "aggregate_version" INTEGER NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "outbox_event"("id");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_position_idx" ON "outbox_event"("published_at", "position");

-- CreateIndex
CREATE INDEX "outbox_event_settled_at_position_idx" ON "outbox_event"("settled_at", "position");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_aggregate_type_aggregate_id_aggregate_version_key" ON "outbox_event"("aggregate_type", "aggregate_id", "aggregate_version");

-- CreateIndex
CREATE UNIQUE INDEX "processed_event_consumer_aggregate_type_aggregate_id_aggreg_key" ON "processed_event"("consumer", "aggregate_type", "aggregate_id", "aggregate_version");
-- Constraints Prisma cannot express: they hold even for hand-written SQL.
ALTER TABLE "outbox_event" ADD CONSTRAINT "outbox_event_version_positive" CHECK ("aggregate_version" > 0);
