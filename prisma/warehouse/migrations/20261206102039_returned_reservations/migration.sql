-- AlterEnum
ALTER TYPE "ReservationStatus" ADD VALUE 'RETURNED';

-- AlterEnum
ALTER TYPE "StockMovementKind" ADD VALUE 'RETURN';
