import pg from 'pg';
import type { SubgraphName } from '../../shared/services.js';
import type { DrillEvidence } from './checks.js';

/**
 * Reads what the drills' checkouts left in the order, warehouse and promotion databases,
 * straight from their tables (not through the API, which could hide a duplicate).
 */
export interface EvidenceReader {
  read(scope: {
    orderIds: string[];
    productIds: string[];
    promotionIds: string[];
    initialOnHand: Map<string, number>;
  }): Promise<DrillEvidence>;
  /** Events of these orders not yet settled (recorded by every consumer), and not yet published. */
  backlog(orderIds: string[]): Promise<{ unpublished: number; unsettled: number }>;
  close(): Promise<void>;
}

export function openEvidenceReader(databaseUrl: (subgraph: SubgraphName) => string): EvidenceReader {
  const pool = (subgraph: SubgraphName) =>
    new pg.Pool({ connectionString: databaseUrl(subgraph), max: 2, options: `-c search_path="${subgraph}"` });
  const order = pool('order');
  const warehouse = pool('warehouse');
  const promotion = pool('promotion');
  const rows = async <T extends pg.QueryResultRow>(db: pg.Pool, text: string, values: unknown[]) =>
    (await db.query<T>(text, values)).rows;

  return {
    async read({ orderIds, productIds, promotionIds, initialOnHand }) {
      const [orders, appliedPayments, reservations, movements, stock, redemptions, promotions] = await Promise.all([
        rows<{ id: string; status: string }>(
          order,
          'SELECT id, status::text AS status FROM "order" WHERE id = ANY($1)',
          [orderIds],
        ),
        rows<{ orderId: string; count: number }>(
          order,
          `SELECT order_id AS "orderId", count(*)::int AS count FROM payment_event
           WHERE order_id = ANY($1) AND outcome = 'APPLIED' GROUP BY order_id`,
          [orderIds],
        ),
        rows<{ orderId: string; status: string }>(
          warehouse,
          'SELECT order_id AS "orderId", status::text AS status FROM reservation WHERE order_id = ANY($1)',
          [orderIds],
        ),
        rows<{ orderId: string; kind: string; productId: string; warehouseId: string; count: number }>(
          warehouse,
          `SELECT correlation_id AS "orderId", kind::text AS kind, product_id AS "productId",
                  warehouse_id AS "warehouseId", count(*)::int AS count
           FROM stock_movement WHERE correlation_id = ANY($1)
           GROUP BY correlation_id, kind, product_id, warehouse_id`,
          [orderIds],
        ),
        rows<{
          productId: string;
          warehouseId: string;
          onHand: number;
          reserved: number;
          heldUnits: number;
          committedUnits: number;
        }>(
          warehouse,
          `SELECT s.product_id AS "productId", s.warehouse_id AS "warehouseId", s.on_hand AS "onHand", s.reserved,
                  COALESCE(SUM(l.quantity) FILTER (WHERE r.status = 'HELD'), 0)::int AS "heldUnits",
                  COALESCE(SUM(l.quantity) FILTER (WHERE r.status = 'COMMITTED'), 0)::int AS "committedUnits"
           FROM stock_item s
           LEFT JOIN reservation_line l ON l.product_id = s.product_id AND l.warehouse_id = s.warehouse_id
           LEFT JOIN reservation r ON r.id = l.reservation_id
           WHERE s.product_id = ANY($1)
           GROUP BY s.product_id, s.warehouse_id, s.on_hand, s.reserved`,
          [productIds],
        ),
        rows<{ orderId: string; promotionId: string; status: string; count: number }>(
          promotion,
          `SELECT order_id AS "orderId", promotion_id AS "promotionId", min(status::text) AS status, count(*)::int AS count
           FROM promotion_redemption WHERE order_id = ANY($1) GROUP BY order_id, promotion_id`,
          [orderIds],
        ),
        rows<{ id: string; timesUsed: number; activeRedemptions: number }>(
          promotion,
          `SELECT p.id, p.times_used AS "timesUsed",
                  (SELECT count(*)::int FROM promotion_redemption r
                   WHERE r.promotion_id = p.id AND r.status IN ('HELD', 'CONFIRMED')) AS "activeRedemptions"
           FROM promotion p WHERE p.id = ANY($1)`,
          [promotionIds],
        ),
      ]);
      return {
        orders,
        appliedPayments,
        reservations,
        movements,
        stock: stock.map((item) => ({
          ...item,
          initialOnHand: initialOnHand.get(`${item.warehouseId}/${item.productId}`) ?? item.onHand,
        })),
        redemptions,
        promotions,
      };
    },
    async backlog(orderIds) {
      const [counts] = await rows<{ unpublished: number; unsettled: number }>(
        order,
        `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished,
                count(*) FILTER (WHERE settled_at IS NULL)::int AS unsettled
         FROM outbox_event WHERE aggregate_id = ANY($1)`,
        [orderIds],
      );
      return counts ?? { unpublished: 0, unsettled: 0 };
    },
    async close() {
      await Promise.all([order.end(), warehouse.end(), promotion.end()]);
    },
  };
}
