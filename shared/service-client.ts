import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { GraphQLError } from 'graphql';
import type { ServiceTokenSource } from './auth/service-token.js';
import { ErrorCode, isCataloguedCode } from './errors.js';
import { type HttpResponse, HttpTimeoutError, httpRequest } from './http-fetch.js';

export interface ServiceClientOptions {
  /** The subgraph called, for error messages. */
  name: string;
  url: string;
  /**
   * Bearer token of each call: the service's own (see service-token.ts) unless a call passes
   * one. Without it, every call must pass its own (calls made on a customer's behalf).
   */
  token?: ServiceTokenSource;
  /** Deadline of each call. */
  timeoutMs: number;
  /** Consecutive transport failures that open the breaker, and how long it stays open. */
  breaker?: { failures: number; halfOpenAfterMs: number };
}

export interface ServiceCall {
  query: string;
  variables?: Record<string, unknown>;
  /** Carried as x-request-id, so one story can be followed across services. */
  requestId?: string;
  /** Call with this bearer token instead of the service token (e.g. the customer's own). */
  token?: string;
}

class TransportError extends Error {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * One subgraph as seen by another: GraphQL over HTTP with a deadline, a service token and a
 * circuit breaker. A subgraph that is down or slow answers SUBGRAPH_UNAVAILABLE at once
 * instead of holding every caller until its deadline. A catalogued error the callee raised
 * (OUT_OF_STOCK, CONFLICT, …) is rethrown with its code and details, so it reaches the client.
 */
export function createServiceClient(options: ServiceClientOptions) {
  const breaker: CircuitBreakerPolicy = circuitBreaker(
    handleWhen((error) => error instanceof TransportError),
    {
      halfOpenAfter: options.breaker?.halfOpenAfterMs ?? 5000,
      breaker: new ConsecutiveBreaker(options.breaker?.failures ?? 5),
    },
  );
  const unavailable = (reason: string) =>
    new GraphQLError(`The ${options.name} service is unavailable (${reason})`, {
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, service: options.name },
    });

  return async function call<TData>(request: ServiceCall): Promise<TData> {
    const token = request.token ?? (await options.token?.());
    if (!token) throw new Error(`a call to ${options.name} needs a token: the client has none of its own`);
    let body: { data?: TData | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      body = await breaker.execute(async () => {
        let response: HttpResponse;
        try {
          response = await httpRequest(options.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              ...(request.requestId ? { 'x-request-id': request.requestId } : {}),
            },
            body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
            timeoutMs: options.timeoutMs,
          });
        } catch (error) {
          throw new TransportError(error instanceof HttpTimeoutError ? 'deadline exceeded' : 'unreachable');
        }
        const parsed = parseJson(response.text) as typeof body | null;
        // Anything but a GraphQL response (a proxy's error page, a bare string) counts as a failed call.
        if (typeof parsed !== 'object' || parsed === null || (!('data' in parsed) && !parsed.errors)) {
          throw new TransportError(`HTTP ${response.status}`);
        }
        return parsed;
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw unavailable('circuit open');
      if (error instanceof TransportError) throw unavailable(error.message);
      throw error;
    }
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code;
      if (typeof code === 'string' && isCataloguedCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
        const { stacktrace: _stacktrace, ...extensions } = first.extensions ?? {};
        throw new GraphQLError(first.message, { extensions });
      }
      throw new GraphQLError(`The ${options.name} service failed: ${first.message}`, {
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      });
    }
    return body.data as TData;
  };
}

export type ServiceClient = ReturnType<typeof createServiceClient>;
