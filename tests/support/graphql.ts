import { inject } from 'vitest';
import type { SubgraphName } from '../../shared/services.js';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** POSTs an operation the way a browser client would. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<TData>, 'status'>;
  return { status: response.status, ...body };
}

/** Through the gateway, as frontend teams do. */
export function gateway<TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) {
  return postGraphQL<TData>(inject('gatewayUrl'), query, variables);
}

/** Straight to one subgraph's own endpoint, as the gateway does. */
export function subgraph<TData = Record<string, unknown>>(
  name: SubgraphName,
  query: string,
  variables?: Record<string, unknown>,
) {
  return postGraphQL<TData>(inject('subgraphUrls')[name], query, variables);
}

/** The value of a Prometheus counter on a service's /metrics (summed over labels). */
export async function readCounter(graphqlUrl: string, metric: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', graphqlUrl))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
