import type { ServiceClient } from '../../../../shared/service-client.js';

const RESERVE = `mutation($input: ReserveStockInput!) {
  reserveStock(input: $input) { id status lines { productId warehouseId quantity } }
}`;
const RELEASE =
  'mutation($orderId: ID!, $reason: String!) { releaseStock(orderId: $orderId, reason: $reason) { id status } }';

export interface StockRequest {
  orderId: string;
  lines: { productId: string; quantity: number }[];
  expiresAt: string;
}

/** Reserves every line or nothing (OUT_OF_STOCK). Idempotent per order id. */
export async function reserveStock(warehouse: ServiceClient, input: StockRequest, requestId?: string): Promise<void> {
  await warehouse({ query: RESERVE, variables: { input }, requestId });
}

export async function releaseStock(
  warehouse: ServiceClient,
  orderId: string,
  reason: string,
  requestId?: string,
): Promise<void> {
  await warehouse({ query: RELEASE, variables: { orderId, reason }, requestId });
}
