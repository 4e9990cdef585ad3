-- AlterTable
ALTER TABLE "reservation" ADD COLUMN     "renewed_at_version" INTEGER;
