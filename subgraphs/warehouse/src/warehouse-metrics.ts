import { Counter, type Registry } from 'prom-client';

/** Why the warehouse was asked for units: a new order's reservation, or a revived order's hold again. */
export type StockRequest = 'reserve' | 'renew';

export interface WarehouseMetrics {
  /** A request for units refused OUT_OF_STOCK: nothing was held (the transaction rolled back). */
  oversellRefused(request: StockRequest): void;
}

/**
 * The warehouse's business counter on its own registry. Stock-outs themselves are counted where
 * the StockOut alerts are handled (`stock_alerts_total{type="StockOut"}`, jobs/stock-alerts.ts).
 */
export function createWarehouseMetrics(registry: Registry): WarehouseMetrics {
  const refused = new Counter({
    name: 'shop_oversell_refusals_total',
    help: 'Requests for stock refused OUT_OF_STOCK instead of overselling (reserve: placing an order; renew: a late payment reviving one)',
    labelNames: ['request'],
    registers: [registry],
  });
  for (const request of ['reserve', 'renew'] satisfies StockRequest[]) refused.inc({ request }, 0);
  return { oversellRefused: (request) => refused.inc({ request }) };
}
