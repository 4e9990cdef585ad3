import type { ServiceClient } from '../../../../shared/service-client.js';

const RESERVE = `mutation($input: ReserveStockInput!) {
  reserveStock(input: $input) { id status lines { productId warehouseId quantity } }
}`;
const RELEASE =
  'mutation($orderId: ID!, $reason: String!) { releaseStock(orderId: $orderId, reason: $reason) { id status } }';

/** Where the order ships: the warehouse uses only warehouses that ship to its country. */
export interface StockDestination {
  country: string;
  region: string | null;
  postalCode: string | null;
}

export interface StockRequest {
  orderId: string;
  lines: { productId: string; quantity: number }[];
  expiresAt: string;
  destination: StockDestination;
  /** The customer placing the order (null for a guest): the warehouse shows them its shipments. */
  customerId: string | null;
}

/** The address fields the warehouse plans with; an empty region or postal code is unknown. */
export function destinationOf(address: { country: string; region?: string | null; postalCode?: string | null }) {
  return {
    country: address.country,
    region: address.region ? address.region : null,
    postalCode: address.postalCode ? address.postalCode : null,
  };
}

/**
 * Reserves every line or nothing (OUT_OF_STOCK; NO_WAREHOUSE_SHIPS_TO_DESTINATION when no warehouse
 * ships to the destination's country). Idempotent per order id.
 */
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

const RENEW = `mutation($orderId: ID!, $renewedAtVersion: Int!, $expiresAt: DateTime!) {
  renewStockReservation(orderId: $orderId, renewedAtVersion: $renewedAtVersion, expiresAt: $expiresAt) { id status }
}`;

/**
 * Holds a released order's stock again (a late payment revives it): OUT_OF_STOCK when too little
 * is free. Events of the order up to `renewedAtVersion` no longer release it. Idempotent.
 */
export async function renewStock(
  warehouse: ServiceClient,
  input: { orderId: string; renewedAtVersion: number; expiresAt: string },
  requestId?: string,
): Promise<void> {
  await warehouse({ query: RENEW, variables: input, requestId });
}

const AVAILABILITY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Product { id availability { quantityAvailable } } }
}`;

/** Units of each product that can be ordered now (on hand minus reserved, all warehouses), in one call. */
export async function fetchAvailableUnits(
  warehouse: ServiceClient,
  productIds: readonly string[],
  requestId?: string,
): Promise<Map<string, number>> {
  const data = await warehouse<{
    _entities: ({ id: string; availability: { quantityAvailable: number } | null } | null)[];
  }>({
    query: AVAILABILITY,
    variables: { representations: productIds.map((id) => ({ __typename: 'Product', id })) },
    requestId,
  });
  return new Map(
    data._entities.flatMap((product) =>
      product?.availability ? [[product.id, product.availability.quantityAvailable]] : [],
    ),
  );
}
