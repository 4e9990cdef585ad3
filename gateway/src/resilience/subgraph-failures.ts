import { BrokenCircuitError, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';
import { GraphQLError } from 'graphql';
import { ErrorCode, isCataloguedCode } from '../../../shared/errors.js';

/**
 * What went wrong with a subgraph fetch, as far as resilience is concerned. Only failures that
 * say "the subgraph is not answering" count against its breaker; a refusal the subgraph answered
 * (e.g. HTTP 400 with BAD_USER_INPUT) is the client's problem, not the subgraph's.
 */
export type FetchOutcome = 'success' | 'error' | 'timeout' | 'unreachable' | 'server_error' | 'rejected';

/** Socket-level errors after which nothing (or nothing complete) reached the subgraph. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The HTTP status of an error built from a subgraph's response (see ForwardingDataSource). */
const responseStatuses = new WeakMap<object, number>();

export function rememberResponseStatus<T extends object>(error: T, status: number): T {
  responseStatuses.set(error, status);
  return error;
}

function responseStatusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? responseStatuses.get(error) : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return code;
  return cause === undefined || cause === error ? undefined : codeOf(cause);
}

/** A connection error: safe to retry for a read, since the subgraph did not answer. */
export function isConnectionError(error: unknown): boolean {
  return codeOf(error) !== undefined;
}

/** The fetch was cut off by its deadline (the fetch's own abort, or the timeout policy). */
function isTimeout(error: unknown): boolean {
  if (error instanceof TaskCancelledError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'AbortError' || name === 'TimeoutError' || code === 'FETCH_ABORTED' || code === 'ABORT_ERR';
}

/** HTTP 5xx from the subgraph (or from whatever stands in front of it). */
function isServerError(error: unknown): boolean {
  const status = responseStatusOf(error);
  return status !== undefined && status >= 500;
}

/** Counts against the subgraph's breaker. */
export function isSubgraphFailure(error: unknown): boolean {
  return isConnectionError(error) || isTimeout(error) || isServerError(error);
}

function isCircuitOpen(error: unknown): boolean {
  return error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError;
}

export function outcomeOf(error: unknown): FetchOutcome {
  if (error === undefined) return 'success';
  if (isCircuitOpen(error)) return 'rejected';
  if (isTimeout(error)) return 'timeout';
  if (isConnectionError(error)) return 'unreachable';
  if (isServerError(error)) return 'server_error';
  return 'error';
}

/**
 * Only a read may be sent twice. The gateway sends each subgraph one operation per fetch, and
 * prints its type first (`query …`, `mutation …`), or nothing for a query in shorthand.
 */
export function isReadOnlyOperation(query: string | undefined): boolean {
  if (!query) return false;
  const text = query.replace(/^(?:\s|#[^\n]*\n?)+/, '');
  return text.startsWith('{') || /^query\b/.test(text);
}

/**
 * The error the client sees for a subgraph that did not answer: SUBGRAPH_UNAVAILABLE with the
 * subgraph's name and why (TIMEOUT, UNREACHABLE, SERVER_ERROR, CIRCUIT_OPEN), never its URL.
 * Other errors pass through unchanged.
 */
export function toClientError(error: unknown, subgraph: string, timeoutMs: number): unknown {
  const outcome = outcomeOf(error);
  // A subgraph's own catalogued answer (e.g. INTERNAL_SERVER_ERROR with HTTP 500) reaches the client as it is.
  if (outcome === 'server_error' && error instanceof GraphQLError) {
    const code = error.extensions.code;
    if (typeof code === 'string' && isCataloguedCode(code)) return error;
  }
  const reasons: Partial<Record<FetchOutcome, [string, string]>> = {
    rejected: ['CIRCUIT_OPEN', `The ${subgraph} service is unavailable; try again shortly`],
    timeout: ['TIMEOUT', `The ${subgraph} service did not answer within ${timeoutMs} ms`],
    unreachable: ['UNREACHABLE', `The ${subgraph} service cannot be reached`],
    server_error: ['SERVER_ERROR', `The ${subgraph} service failed`],
  };
  const reason = reasons[outcome];
  if (!reason) return error;
  return new GraphQLError(reason[1], {
    extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph, reason: reason[0] },
  });
}
