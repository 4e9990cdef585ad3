import type { SubgraphName } from '../../shared/services.js';

/**
 * Where each subgraph is reached: the routing URL composed into the supergraph, unless the
 * environment names another (`<NAME>_SUBGRAPH_URL`: a DNS name under compose or Kubernetes,
 * a free port on a developer's machine).
 */
export function resolveSubgraphUrl(
  name: string,
  composedUrl: string | undefined,
  overrides: Partial<Record<SubgraphName, string>>,
): string {
  const url = overrides[name as SubgraphName] ?? composedUrl;
  if (!url)
    throw new Error(`Subgraph ${name} has no routing URL in the supergraph and no ${name.toUpperCase()}_SUBGRAPH_URL`);
  return url;
}

/** A subgraph's liveness URL, next to its GraphQL endpoint. */
export function healthUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = '/health/live';
  url.search = '';
  return url.toString();
}
