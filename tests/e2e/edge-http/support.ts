import { inject } from 'vitest';
import type { RunningServer } from '../../../shared/http-server.js';
import { startTestGateway } from '../../support/gateway.js';

export const QUERY = '{ categories { id } }';

/** A gateway of the test's own; its rate limits are off so other suites' traffic cannot refuse it. */
export function startEdgeGateway(env: Record<string, string | undefined> = {}): Promise<RunningServer> {
  return startTestGateway({ RATE_LIMITS: 'off', ...env });
}

export const graphqlUrlOf = (gateway: RunningServer): string => `${gateway.url}/graphql`;

/** The shared stack's gateway (no CORS_ORIGINS, default limits). */
export const stackGatewayUrl = (): string => inject('gatewayUrl');

/** A JSON POST; `headers` may override the content type. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface ErrorBody {
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  data?: unknown;
}

export async function firstError(
  response: Response,
): Promise<{ message: string; extensions?: Record<string, unknown> }> {
  const body = (await response.json()) as ErrorBody;
  const error = body.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(body)}`);
  return error;
}
