/**
 * What must never happen to an acknowledged checkout, checked over rows read straight from the
 * subgraphs' databases once the load has stopped and the backlog drained: nothing the shop said
 * yes to is lost, and nothing is applied twice.
 */

/** A checkout the shop said yes to: placeOrder answered with the order, and perhaps the payment webhook with 200. */
export interface AcknowledgedOrder {
  orderId: string;
  paid: boolean;
  /** The promotion its cart carried, or null. */
  promotionId: string | null;
}

/** Rows of the drill's orders and products, as the databases hold them. */
export interface DrillEvidence {
  orders: { id: string; status: string }[];
  /** payment_event rows per order whose outcome was APPLIED (the order became PAID). */
  appliedPayments: { orderId: string; count: number }[];
  reservations: { orderId: string; status: string }[];
  /** stock_movement rows per order, kind, product and warehouse. */
  movements: { orderId: string; kind: string; productId: string; warehouseId: string; count: number }[];
  /** Per stock item of the drill's products: what it holds now, what it held before the drill, and what its reservations say. */
  stock: {
    productId: string;
    warehouseId: string;
    onHand: number;
    reserved: number;
    initialOnHand: number;
    /** Units of HELD reservation lines. */
    heldUnits: number;
    /** Units of COMMITTED reservation lines. */
    committedUnits: number;
  }[];
  redemptions: { orderId: string; promotionId: string; status: string; count: number }[];
  /** The drill's promotions: the use count they keep, and their HELD and CONFIRMED redemptions. */
  promotions: { id: string; timesUsed: number; activeRedemptions: number }[];
}

export interface Finding {
  count: number;
  /** The first few, one line each. */
  examples: string[];
}

export interface DrillVerdict {
  lost: Finding;
  doubled: Finding;
}

const PAID_STATUSES = new Set(['PAID', 'FULFILLING', 'SHIPPED', 'DELIVERED']);
/** Movements an order causes once each: a second is a reservation or commit applied twice. */
const ONCE_PER_ORDER_KINDS = new Set(['RESERVE', 'COMMIT']);
const EXAMPLES = 5;

function finding(lines: string[]): Finding {
  return { count: lines.length, examples: lines.slice(0, EXAMPLES) };
}

/**
 * Lost: an acknowledged order missing, a paid one not PAID, or an effect the order's events
 * owe it missing (stock held, then committed once paid; the promotion use held, then confirmed).
 * Doubled: a payment applied twice, a stock reservation or commit applied twice, a promotion use
 * counted twice, or stock figures that moved by more than the reservations account for.
 */
export function judgeDrill(acknowledged: readonly AcknowledgedOrder[], evidence: DrillEvidence): DrillVerdict {
  const lost: string[] = [];
  const doubled: string[] = [];
  const orders = new Map(evidence.orders.map((row) => [row.id, row.status]));
  const reservations = new Map(evidence.reservations.map((row) => [row.orderId, row.status]));
  const redemptions = new Map(evidence.redemptions.map((row) => [`${row.promotionId}/${row.orderId}`, row]));

  for (const order of acknowledged) {
    const status = orders.get(order.orderId);
    if (status === undefined) {
      lost.push(`order ${order.orderId} was acknowledged and is missing`);
      continue;
    }
    if (order.paid && !PAID_STATUSES.has(status)) lost.push(`order ${order.orderId} was paid and is ${status}`);
    const reservation = reservations.get(order.orderId);
    if (reservation === undefined) lost.push(`order ${order.orderId} has no stock reservation`);
    else if (order.paid && reservation !== 'COMMITTED')
      lost.push(`order ${order.orderId} was paid and its reservation is ${reservation}`);
    if (order.promotionId) {
      const redemption = redemptions.get(`${order.promotionId}/${order.orderId}`);
      if (!redemption) lost.push(`order ${order.orderId} has no use of its promotion`);
      else if (order.paid && redemption.status !== 'CONFIRMED')
        lost.push(`order ${order.orderId} was paid and its promotion use is ${redemption.status}`);
    }
  }

  for (const payment of evidence.appliedPayments) {
    if (payment.count > 1) doubled.push(`order ${payment.orderId}: payment applied ${payment.count} times`);
  }
  for (const movement of evidence.movements) {
    if (ONCE_PER_ORDER_KINDS.has(movement.kind) && movement.count > 1)
      doubled.push(
        `order ${movement.orderId}: ${movement.kind} of ${movement.productId} in ${movement.warehouseId} ${movement.count} times`,
      );
  }
  for (const redemption of evidence.redemptions) {
    if (redemption.count > 1)
      doubled.push(`order ${redemption.orderId}: promotion ${redemption.promotionId} used ${redemption.count} times`);
  }
  for (const promotion of evidence.promotions) {
    if (promotion.timesUsed > promotion.activeRedemptions)
      doubled.push(
        `promotion ${promotion.id}: times_used ${promotion.timesUsed} for ${promotion.activeRedemptions} uses held or confirmed`,
      );
    else if (promotion.timesUsed < promotion.activeRedemptions)
      lost.push(
        `promotion ${promotion.id}: times_used ${promotion.timesUsed} for ${promotion.activeRedemptions} uses held or confirmed`,
      );
  }
  for (const item of evidence.stock) {
    const where = `stock of ${item.productId} in ${item.warehouseId}`;
    const shipped = item.initialOnHand - item.onHand;
    if (shipped > item.committedUnits)
      doubled.push(`${where}: ${shipped} units left for ${item.committedUnits} committed`);
    else if (shipped < item.committedUnits)
      lost.push(`${where}: ${shipped} units left for ${item.committedUnits} committed`);
    if (item.reserved > item.heldUnits) doubled.push(`${where}: ${item.reserved} reserved for ${item.heldUnits} held`);
    else if (item.reserved < item.heldUnits)
      lost.push(`${where}: ${item.reserved} reserved for ${item.heldUnits} held`);
  }
  return { lost: finding(lost), doubled: finding(doubled) };
}
