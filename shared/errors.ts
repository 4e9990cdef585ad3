import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The one catalogue of error codes every service answers with. Clients branch on
 * `extensions.code`, so a code, once published, never changes meaning.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The access token was genuine but has expired (HTTP 401): sign in again. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** Not enough stock for a line; `extensions.productIds` names the products. */
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  /** No warehouse ships to the order's destination country; `extensions.country` names it. */
  NO_WAREHOUSE_SHIPS_TO_DESTINATION: 'NO_WAREHOUSE_SHIPS_TO_DESTINATION',
  /** A promotion code cannot be used (unknown, expired, limit reached, not combinable). */
  PROMOTION_UNAVAILABLE: 'PROMOTION_UNAVAILABLE',
  /** The exchange rate a conversion needs is older than the configured maximum age. */
  STALE_EXCHANGE_RATE: 'STALE_EXCHANGE_RATE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A data export's document was deleted when its retention ended; ask for a new export. */
  DATA_EXPORT_EXPIRED: 'DATA_EXPORT_EXPIRED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** A subgraph did not answer in time, cannot be reached, or its circuit breaker is open. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  // The gateway's operation limits and demand control (HTTP 400, with `measured` and `limit`).
  MAX_DEPTH_EXCEEDED: 'MAX_DEPTH_EXCEEDED',
  MAX_ALIASES_EXCEEDED: 'MAX_ALIASES_EXCEEDED',
  MAX_ROOT_FIELDS_EXCEEDED: 'MAX_ROOT_FIELDS_EXCEEDED',
  MAX_TOKENS_EXCEEDED: 'MAX_TOKENS_EXCEEDED',
  MAX_DIRECTIVES_EXCEEDED: 'MAX_DIRECTIVES_EXCEEDED',
  COST_ESTIMATED_TOO_EXPENSIVE: 'COST_ESTIMATED_TOO_EXPENSIVE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

export function isCataloguedCode(code: string): boolean {
  return KNOWN_CODES.has(code);
}

// Codes that graphql-js and Apollo Server raise themselves for malformed operations.
const FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) },
  });
}

export function conflict(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...details } });
}

export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds } });
}

/** Not enough stock for some lines; nothing was reserved. */
export function outOfStock(productIds: readonly string[]): GraphQLError {
  return new GraphQLError(`Not enough stock for product ${productIds.join(', ')}`, {
    extensions: { code: ErrorCode.OUT_OF_STOCK, productIds },
  });
}

/** No warehouse ships to the country; nothing was reserved. */
export function noWarehouseShipsTo(country: string): GraphQLError {
  return new GraphQLError(`No warehouse ships to ${country}`, {
    extensions: { code: ErrorCode.NO_WAREHOUSE_SHIPS_TO_DESTINATION, country },
  });
}

/** Promotion codes that cannot be used, each with why (codes[i] was refused for reasons[i]). */
export function promotionUnavailable(refused: readonly { code: string; reason: string }[]): GraphQLError {
  return new GraphQLError(
    refused.length === 1 ? 'That promotion code cannot be used' : 'Some promotion codes cannot be used',
    {
      extensions: {
        code: ErrorCode.PROMOTION_UNAVAILABLE,
        codes: refused.map((r) => r.code),
        reasons: refused.map((r) => r.reason),
      },
    },
  );
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND } });
}

/**
 * Apollo Server's `formatError`: errors with a catalogued code pass through; anything else
 * (a Prisma error, a bug) becomes a generic INTERNAL_SERVER_ERROR so no SQL, stack trace or
 * internal message reaches a client in production.
 */
export function createErrorFormatter(options: { exposeInternals: boolean }) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && (KNOWN_CODES.has(code) || FRAMEWORK_CODES.has(code))) {
      if (options.exposeInternals) return formatted;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (options.exposeInternals) {
      return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
