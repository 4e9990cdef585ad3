import { Counter, type Registry } from 'prom-client';

/** held: taken by an order being placed; confirmed: its order was paid; released: given back. */
export type PromotionUseChange = 'held' | 'confirmed' | 'released';

export interface PromotionUseMetrics {
  /** `uses` promotion uses changed so, in a transaction that has committed. */
  changed(change: PromotionUseChange, uses: number): void;
}

/**
 * The promotion uses counter, on the registry of the process where the change commits: the
 * promotion subgraph (reservations, and releases when an order could not be placed) and the
 * workers (confirmations and releases from order events, the stale-hold sweep). A redelivered
 * event or a repeated reservation changes no use and counts nothing.
 */
export function createPromotionUseMetrics(registry: Registry): PromotionUseMetrics {
  const uses = new Counter({
    name: 'shop_promotion_uses_total',
    help: 'Promotion uses held (an order reserved them), confirmed (its order was paid) or released (given back)',
    labelNames: ['change'],
    registers: [registry],
  });
  for (const change of ['held', 'confirmed', 'released'] satisfies PromotionUseChange[]) uses.inc({ change }, 0);
  return {
    changed(change, count) {
      if (count > 0) uses.inc({ change }, count);
    },
  };
}
