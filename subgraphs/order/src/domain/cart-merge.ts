import { MAX_LINE_QUANTITY } from './order-totals.js';

export interface ProductQuantity {
  productId: string;
  quantity: number;
}

/**
 * The quantities a cart holds once another cart's lines have moved into it, for every product
 * the incoming lines name (the cart's other lines stay as they are). Units of one product add
 * up, but a line never holds more than MAX_LINE_QUANTITY: the extra units are dropped rather
 * than failing the merge, because a shopper signing in should never lose the whole cart over one
 * line. Products keep the order of the incoming lines.
 */
export function mergedQuantities(
  existing: readonly ProductQuantity[],
  incoming: readonly ProductQuantity[],
): ProductQuantity[] {
  const totals = new Map<string, number>();
  for (const line of incoming) {
    const before = totals.get(line.productId) ?? existingQuantity(existing, line.productId);
    totals.set(line.productId, Math.min(before + line.quantity, MAX_LINE_QUANTITY));
  }
  return [...totals].map(([productId, quantity]) => ({ productId, quantity }));
}

function existingQuantity(lines: readonly ProductQuantity[], productId: string): number {
  return lines.find((line) => line.productId === productId)?.quantity ?? 0;
}
