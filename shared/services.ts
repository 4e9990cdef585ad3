/** The services of the supergraph and their local default ports (DESIGN.md, "Contracts"). */
export const SUBGRAPH_NAMES = ['catalog', 'customer', 'order', 'warehouse', 'pricing', 'promotion', 'review'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
/** `workers` is the BullMQ process (outbox relays, event consumers, scheduled jobs). */
export type ServiceName = 'gateway' | 'workers' | SubgraphName;

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 4000,
  catalog: 4001,
  customer: 4002,
  order: 4003,
  warehouse: 4004,
  pricing: 4005,
  promotion: 4006,
  review: 4007,
  workers: 4010,
};

/** `order` → `ORDER`: the prefix of a service's own environment variables. */
export function envPrefix(name: ServiceName): string {
  return name.toUpperCase();
}
