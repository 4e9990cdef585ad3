import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import type { StockAlertPayload } from '../../../../shared/events/warehouse-events.js';
import { type Connection, keysetIdFilters, keysetRead, type PageWindow } from '../../../../shared/pagination.js';
import type { StockAlertFilter, StockAlertKind } from '../domain/stock-alert-input.js';
import type { Prisma, StockAlert } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';

type Transaction = Prisma.TransactionClient;

export type StockAlertConnectionRows = Connection<StockAlert>;

const KIND_OF_EVENT: Record<string, StockAlertKind> = {
  StockLow: 'STOCK_LOW',
  StockOut: 'STOCK_OUT',
  StockRecovered: 'STOCK_RECOVERED',
};

/**
 * Stores a StockLow, StockOut or StockRecovered event as a stock alert staff can list. The event
 * id is the row's id, so a redelivered event stores nothing more. Returns false for other events.
 */
export async function storeStockAlert(tx: Transaction, event: DomainEvent): Promise<boolean> {
  const kind = KIND_OF_EVENT[event.type];
  if (kind === undefined) return false;
  const payload = event.payload as unknown as StockAlertPayload;
  await tx.stockAlert.createMany({
    data: [
      {
        id: event.id,
        warehouseId: payload.warehouseId,
        productId: payload.productId,
        kind,
        level: payload.level,
        previousLevel: payload.previousLevel,
        onHand: payload.onHand,
        reserved: payload.reserved,
        threshold: payload.threshold,
        occurredAt: new Date(event.occurredAt),
      },
    ],
    skipDuplicates: true,
  });
  return true;
}

function whereOf(filter: StockAlertFilter | null | undefined): Prisma.StockAlertWhereInput {
  return {
    ...(filter?.warehouseId ? { warehouseId: filter.warehouseId } : {}),
    ...(filter?.productId ? { productId: filter.productId } : {}),
    ...(filter?.kinds ? { kind: { in: filter.kinds } } : {}),
    ...(filter?.acknowledged === true ? { acknowledgedAt: { not: null } } : {}),
    ...(filter?.acknowledged === false ? { acknowledgedAt: null } : {}),
  };
}

/**
 * A page of stock alerts, newest first (ids are ULIDs of the events, so id order is time order),
 * and whether any matching alert lies beyond the starting cursor: two keyset reads, run together.
 */
export async function readStockAlerts(
  db: WarehouseDatabase,
  filter: StockAlertFilter | null | undefined,
  window: PageWindow,
): Promise<{ rows: StockAlert[]; rowsBeyondCursor: boolean }> {
  const read = keysetRead(window, 'descending');
  const ids = keysetIdFilters(read);
  const where = whereOf(filter);
  const [rows, beyond] = await Promise.all([
    db.stockAlert.findMany({
      where: { ...where, id: ids.page },
      orderBy: { id: read.descending ? 'desc' : 'asc' },
      take: read.limit,
    }),
    ids.beyond &&
      db.stockAlert.findFirst({
        where: { ...where, id: ids.beyond },
        orderBy: { id: ids.beyondOrder },
        select: { id: true },
      }),
  ]);
  return { rows, rowsBeyondCursor: Boolean(beyond) };
}

export function countStockAlerts(db: WarehouseDatabase, filter: StockAlertFilter | null | undefined): Promise<number> {
  return db.stockAlert.count({ where: whereOf(filter) });
}

/**
 * Records that a staff member has seen an alert. The first acknowledgement counts: acknowledging
 * again changes nothing and answers the alert as it is. Null when there is no such alert.
 */
export async function acknowledgeStockAlert(
  db: WarehouseDatabase,
  id: string,
  actor: AuditActor,
  now: Date,
): Promise<StockAlert | null> {
  await db.stockAlert.updateMany({
    where: { id, acknowledgedAt: null },
    data: { acknowledgedBy: actor, acknowledgedAt: now },
  });
  return db.stockAlert.findUnique({ where: { id } });
}
