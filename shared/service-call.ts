import { GraphQLError } from 'graphql';

export interface ServiceCallOptions {
  /** The bearer token the call is made with. */
  token: string;
  /** Deadline for the whole call; a slow subgraph must not hold the caller's request hostage. */
  timeoutMs: number;
}

export interface ServiceCallResult<TData> {
  data: TData | null;
  errors: { message: string; extensions?: { code?: string } }[];
}

/**
 * A GraphQL call from one subgraph to another's own endpoint (not through the gateway), with
 * a deadline. Transport failures and timeouts throw; GraphQL errors are returned for the
 * caller to decide.
 */
export async function callSubgraph<TData>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  options: ServiceCallOptions,
): Promise<ServiceCallResult<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const body = (await response.json().catch(() => null)) as Partial<ServiceCallResult<TData>> | null;
  if (typeof body !== 'object' || body === null || (!('data' in body) && !body.errors)) {
    throw new GraphQLError(`${url} answered HTTP ${response.status} without a GraphQL body`);
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}
