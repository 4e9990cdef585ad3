import DataLoader from 'dataloader';
import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { newId } from '../../../../shared/ids.js';
import type { StockMovementKind, Warehouse } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';
import type { StockKey, Transaction } from './stock-counters.js';

/** Who changed stock, why, and what the change belongs to; the same for every row of one change. */
export interface MovementAuthor {
  /** In the one audit format (shared/auth/audit-actor.ts): `staff:<id>` or `system:<name>`. */
  actor: AuditActor;
  reason: string;
  /** The order id for reservations; the request id (when known) for adjustments. */
  correlationId: string | null;
}

export interface MovementDelta extends StockKey {
  onHandDelta: number;
  reservedDelta: number;
}

/** One INSERT for all rows of a change, in the transaction of the counters it describes. */
export async function recordMovements(
  tx: Transaction,
  kind: StockMovementKind,
  deltas: readonly MovementDelta[],
  author: MovementAuthor,
  now: Date,
): Promise<void> {
  if (deltas.length === 0) return;
  await tx.stockMovement.createMany({
    data: deltas.map((delta) => ({
      id: newId(),
      warehouseId: delta.warehouseId,
      productId: delta.productId,
      onHandDelta: delta.onHandDelta,
      reservedDelta: delta.reservedDelta,
      kind,
      actor: author.actor,
      reason: author.reason,
      correlationId: author.correlationId,
      createdAt: now,
    })),
  });
}

/** A movement as the API shows it: with its warehouse. */
export interface StockMovementView {
  id: string;
  warehouse: Warehouse;
  productId: string;
  kind: StockMovementKind;
  onHandDelta: number;
  reservedDelta: number;
  actor: string;
  reason: string;
  correlationId: string | null;
  createdAt: Date;
}

export interface MovementPageKey {
  productId: string;
  first: number;
}

interface MovementRow extends Omit<StockMovementView, 'warehouse'> {
  warehouse: Omit<Warehouse, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };
}

/**
 * The latest `first` movements of each product, newest first, in one statement whatever the
 * number of products (a window per product). Ties on the instant go by id: ULIDs of one
 * writer are increasing.
 */
async function latestMovements(db: WarehouseDatabase, keys: readonly MovementPageKey[]): Promise<StockMovementView[]> {
  const productIds = [...new Set(keys.map((key) => key.productId))];
  // Keys of one request normally share `first`; the largest serves them all and the loader trims.
  const first = Math.max(...keys.map((key) => key.first));
  const rows = await db.$queryRaw<MovementRow[]>`
    SELECT m.id, m.product_id AS "productId", m.kind::text AS kind, m.on_hand_delta AS "onHandDelta",
           m.reserved_delta AS "reservedDelta", m.actor, m.reason, m.correlation_id AS "correlationId",
           m.created_at AS "createdAt",
           json_build_object('id', w.id, 'code', w.code, 'name', w.name, 'country', w.country, 'region', w.region,
             'latitude', w.latitude, 'longitude', w.longitude, 'priority', w.priority,
             'shipsOutsideZones', w.ships_outside_zones, 'lowStockThreshold', w.low_stock_threshold,
             'createdAt', w.created_at, 'updatedAt', w.updated_at) AS warehouse
    FROM (
      SELECT *, row_number() OVER (PARTITION BY product_id ORDER BY created_at DESC, id DESC) AS position
      FROM stock_movement WHERE product_id = ANY(${productIds}::text[])
    ) m
    JOIN warehouse w ON w.id = m.warehouse_id
    WHERE m.position <= ${first}
    ORDER BY m.product_id, m.created_at DESC, m.id DESC`;
  return rows.map((row) => ({
    id: row.id,
    // JSON carries the warehouse's instants as text.
    warehouse: {
      ...row.warehouse,
      createdAt: new Date(row.warehouse.createdAt),
      updatedAt: new Date(row.warehouse.updatedAt),
    },
    productId: row.productId,
    kind: row.kind,
    onHandDelta: row.onHandDelta,
    reservedDelta: row.reservedDelta,
    actor: row.actor,
    reason: row.reason,
    correlationId: row.correlationId,
    createdAt: row.createdAt,
  }));
}

/** Per-request loader of Product.stockMovements: one statement per batch. */
export function latestMovementsLoader(db: WarehouseDatabase): DataLoader<MovementPageKey, StockMovementView[], string> {
  return new DataLoader(
    async (keys: readonly MovementPageKey[]) => {
      const byProduct = new Map<string, StockMovementView[]>();
      for (const row of await latestMovements(db, keys)) {
        const rows = byProduct.get(row.productId);
        if (rows) rows.push(row);
        else byProduct.set(row.productId, [row]);
      }
      return keys.map((key) => (byProduct.get(key.productId) ?? []).slice(0, key.first));
    },
    { cacheKeyFn: (key) => `${key.productId}:${key.first}` },
  );
}
