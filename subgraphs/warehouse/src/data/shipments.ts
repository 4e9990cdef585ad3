import type { WarehouseDatabase } from './database.js';

/** The units of an order one warehouse sends (type Shipment). */
export interface ShipmentRow {
  warehouseId: string;
  lines: { productId: string; quantity: number }[];
}

/** An order's units by the warehouse that sends them, with who may see them. */
export interface OrderShipments {
  orderId: string;
  /** The customer who placed the order; null for a guest. */
  customerId: string | null;
  shipments: ShipmentRow[];
}

/**
 * The shipments of many orders in one statement: the lines of their reservations while the
 * stock is held or has left (HELD, COMMITTED); a released or returned reservation ships nothing.
 */
export async function shipmentsOf(db: WarehouseDatabase, orderIds: string[]): Promise<OrderShipments[]> {
  const reservations = await db.reservation.findMany({
    where: { orderId: { in: orderIds } },
    select: {
      orderId: true,
      customerId: true,
      status: true,
      lines: { orderBy: [{ warehouseId: 'asc' }, { productId: 'asc' }] },
    },
  });
  return reservations.map((reservation) => {
    const byWarehouse = new Map<string, { productId: string; quantity: number }[]>();
    if (reservation.status === 'HELD' || reservation.status === 'COMMITTED') {
      for (const line of reservation.lines) {
        const lines = byWarehouse.get(line.warehouseId) ?? [];
        lines.push({ productId: line.productId, quantity: line.quantity });
        byWarehouse.set(line.warehouseId, lines);
      }
    }
    return {
      orderId: reservation.orderId,
      customerId: reservation.customerId,
      shipments: [...byWarehouse].map(([warehouseId, lines]) => ({ warehouseId, lines })),
    };
  });
}
