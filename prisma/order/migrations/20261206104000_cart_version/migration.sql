-- AlterTable
ALTER TABLE "cart" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;
