import type { ServiceTokenSource } from '../../../../shared/auth/service-token.js';
import { createServiceClient, type ServiceClient } from '../../../../shared/service-client.js';
import type { SubgraphName } from '../../../../shared/services.js';

/** The subgraphs the order subgraph calls while a customer waits (placing an order, cart totals). */
export const ORDER_DEPENDENCIES = ['catalog', 'customer', 'pricing', 'promotion', 'warehouse'] as const;
export type OrderDependency = (typeof ORDER_DEPENDENCIES)[number];
export type OrderServices = Record<OrderDependency, ServiceClient>;

export function missingDependencies(urls: Partial<Record<SubgraphName, string>>): OrderDependency[] {
  return ORDER_DEPENDENCIES.filter((name) => !urls[name]);
}

export function createOrderServices(
  urls: Record<OrderDependency, string>,
  token: ServiceTokenSource,
  timeoutMs: number,
): OrderServices {
  return Object.fromEntries(
    ORDER_DEPENDENCIES.map((name) => [name, createServiceClient({ name, url: urls[name], token, timeoutMs })]),
  ) as OrderServices;
}
