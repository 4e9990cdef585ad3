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

/** The error codes of a response, in order; undefined when it has no errors. */
export const codes = (response: Pick<GraphQLResponse<unknown>, 'errors'>) =>
  response.errors?.map((error) => error.extensions?.code);

/**
 * The value of a Prometheus counter (or a histogram's `_count`) on a service's /metrics, summed
 * over the series whose labels include `labels`; 0 when no series matches yet.
 */
export async function readCounter(
  serviceUrl: string,
  metric: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(new URL('/metrics', serviceUrl))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .filter((line) => {
      const series = Object.fromEntries(
        [...line.slice(metric.length, line.lastIndexOf(' ')).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(
          ([, name, value]) => [name, value],
        ),
      );
      return Object.entries(labels).every(([name, value]) => series[name] === value);
    })
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
