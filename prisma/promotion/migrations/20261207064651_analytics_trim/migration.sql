-- CreateTable
CREATE TABLE "analytics_trim" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "trimmed_through" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "analytics_trim_pkey" PRIMARY KEY ("id")
);

-- One row: the trim only moves forward (GREATEST), so there is nothing to keep per run.
ALTER TABLE "analytics_trim" ADD CONSTRAINT "analytics_trim_single_row" CHECK ("id" = 1);
