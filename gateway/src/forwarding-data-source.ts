import type { CachePolicy } from '@apollo/cache-control-types';
import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import type { Identity } from '../../shared/auth/identity.js';
import { ISSUED_TOKEN_HEADER } from '../../shared/auth/issued-token.js';
import {
  CLEAR_REFRESH_TOKEN_HEADER,
  COOKIE_REFRESH_TOKEN_HEADER,
  ISSUED_REFRESH_TOKEN_EXPIRES_HEADER,
  ISSUED_REFRESH_TOKEN_HEADER,
} from '../../shared/auth/refresh-token-headers.js';
import { tagsOfSubgraphFetch } from '../../shared/cache/response-cache-keys.js';
import { isCataloguedCode } from '../../shared/errors.js';
import { REQUEST_ID_HEADER } from '../../shared/request-id.js';
import { InFlightQueries, inFlightKey } from './in-flight-queries.js';
import type { SubgraphGuard } from './resilience/circuit-breakers.js';
import { fetcherHonouringDeadlines, withDeadline } from './resilience/deadlines.js';
import { isReadOnlyOperation, rememberResponseStatus } from './resilience/subgraph-failures.js';
import { hintOfCacheControlHeader } from './response-cache/cache-policy.js';
import { isCookieSafeToken, type RefreshCookieChange } from './session-cookie.js';
import { subgraphFetcher } from './subgraph-fetcher.js';

/** What the gateway knows of a request and passes on to every subgraph fetch. */
export interface GatewayContext {
  /**
   * The Authorization header sent to subgraphs, already verified (subgraphs verify it again).
   * After a register or signIn it is the token that mutation issued, for the rest of the operation.
   */
  authorization?: string;
  clientIp: string;
  /** The request's id (shared/request-id.ts), sent on as x-request-id to every subgraph fetch. */
  requestId?: string;
  /** The client asked for application/json by name: request errors answer 200 (edge/request-error-status.ts). */
  asksForApplicationJson: boolean;
  /** The refresh token of the client's cookie (session-cookie.ts), sent on with customer mutations. */
  refreshTokenCookie?: string;
  /** Set when the customer subgraph issued a refresh token or asked to clear the cookie. */
  refreshCookieChange?: RefreshCookieChange;
  /** The caller the request's token names (anonymous without one): edge decisions such as introspection read it. */
  identity?: Identity;
  /** Demand control's estimate of the operation, once it passed the limits: what the cost budget charges. */
  estimatedCost?: number;
  /**
   * Set by the response cache when it may store the answer: every subgraph fetch adds the
   * entities and the subgraph it read (shared/cache/response-cache-keys.ts), by which the
   * entry is invalidated.
   */
  entityTags?: Set<string>;
}

/** For the customer subgraph: how a token it says it issued is checked before it is used. */
export interface IssuedTokens {
  /** Rejects a token that does not verify. */
  verify(token: string): Promise<unknown>;
  onRejected(error: unknown): void;
}

/**
 * Subgraph fetches carry the caller's token (each subgraph checks it itself) and the client's
 * address (for per-IP throttling). A client-sent x-client-ip never gets through: it is set here.
 *
 * With a guard (see resilience/circuit-breakers.ts), each fetch has a deadline and goes through
 * the subgraph's circuit breaker; a read is retried once after a connection error.
 *
 * With `issuedTokens` (the customer subgraph only), a mutation's response that names a token it
 * issued (register, signIn; see shared/auth/issued-token.ts) switches the rest of the operation
 * to that token. Each fetch pins the token it is sent with when it starts, and the sharing of
 * identical reads in flight is keyed on that same token. Its mutations are also sent the refresh
 * token of the client's cookie, and a refresh token it issues (or its word that the cookie is no
 * good) is kept in the context for session-cookie.ts to write on the response.
 *
 * Each subgraph's Cache-Control header restricts the request's cache policy (what the client's
 * Cache-Control header is made of, response-cache/client-cache-control.ts). This is done here
 * for every request that uses an answer, rather than by the data source's default, which only
 * restricts the policy of the request whose fetch was sent, not of those sharing it in flight.
 */
type ProcessResult = ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>;
type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly guard: SubgraphGuard | undefined;
  private readonly inFlight: InFlightQueries<Awaited<ProcessResult>> | undefined;
  private readonly issuedTokens: IssuedTokens | undefined;
  private readonly subgraph: string;
  /** The Authorization each fetch under way is sent with, fixed when it started. */
  private readonly sentAuthorization = new WeakMap<object, string | undefined>();

  constructor(
    config: { url: string; name?: string },
    options: { guard?: SubgraphGuard; deduplicateQueries?: boolean; issuedTokens?: IssuedTokens } = {},
  ) {
    // Not the data source's default, make-fetch-happen, whose HTTP-cache-aware request building
    // the gateway never uses (subgraph POSTs are not cached) and which showed in its CPU profile.
    super({ url: config.url, fetcher: subgraphFetcher });
    this.subgraph = config.name ?? config.url;
    this.honorSubgraphCacheControlHeader = false;
    this.guard = options.guard;
    this.inFlight = options.deduplicateQueries ? new InFlightQueries() : undefined;
    this.issuedTokens = options.issuedTokens;
    this.fetcher = fetcherHonouringDeadlines(this.fetcher);
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const answer = this.shared(options);
    // Health checks and schema loading have no client request to restrict.
    if (!('incomingRequestContext' in options)) return answer;
    return answer.then((response) => {
      const header = response.http?.headers.get('cache-control');
      // As the data source's own check: a request context from elsewhere may carry no policy.
      const policy = options.incomingRequestContext.overallCachePolicy as Partial<CachePolicy> | undefined;
      policy?.restrict?.(hintOfCacheControlHeader(header));
      const tags = options.context.entityTags;
      if (tags) {
        tagsOfSubgraphFetch(
          { subgraph: this.subgraph, variables: options.request.variables, data: response.data },
          tags,
        );
      }
      return response;
    });
  }

  /** The fetch, shared with identical reads under way when QUERY_DEDUPLICATION is on. */
  private shared(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const readOnly = isReadOnlyOperation(options.request.query);
    const authorization = 'clientIp' in options.context ? options.context.authorization : undefined;
    this.sentAuthorization.set(options, authorization);
    if (!readOnly || !this.inFlight || !options.request.query) return this.guarded(options, readOnly);
    const key = inFlightKey(options.request.query, options.request.variables, authorization);
    return this.inFlight.run(key, () => this.guarded(options, readOnly));
  }

  private guarded(options: GraphQLDataSourceProcessOptions<GatewayContext>, readOnly: boolean): ProcessResult {
    const guard = this.guard;
    if (!guard) return super.process(options);
    return guard.execute(readOnly, (signal) => withDeadline(signal, () => super.process(options)));
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { request, context } = options;
    const headers = request.http?.headers;
    if (!headers || !('clientIp' in context)) return;
    const authorization = this.sentAuthorization.get(options);
    if (authorization) headers.set('authorization', authorization);
    headers.set('x-client-ip', context.clientIp);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    if (this.issuedTokens && context.refreshTokenCookie && !isReadOnlyOperation(request.query)) {
      headers.set(COOKIE_REFRESH_TOKEN_HEADER, context.refreshTokenCookie);
    }
  }

  override async didReceiveResponse({ response, request, context }: ReceivedResponse): Promise<Awaited<ProcessResult>> {
    // Only a mutation of the subgraph that issues tokens may switch who the operation runs as,
    // or change the client's refresh-token cookie.
    if (!this.issuedTokens || !('clientIp' in context) || isReadOnlyOperation(request.query)) return response;
    const headers = response.http?.headers;
    const refreshToken = headers?.get(ISSUED_REFRESH_TOKEN_HEADER);
    const refreshExpiresAt = new Date(headers?.get(ISSUED_REFRESH_TOKEN_EXPIRES_HEADER) ?? Number.NaN);
    if (refreshToken && isCookieSafeToken(refreshToken) && !Number.isNaN(refreshExpiresAt.getTime())) {
      context.refreshCookieChange = { token: refreshToken, expiresAt: refreshExpiresAt };
    } else if (headers?.get(CLEAR_REFRESH_TOKEN_HEADER)) {
      context.refreshCookieChange = 'clear';
    }
    const issued = headers?.get(ISSUED_TOKEN_HEADER);
    if (!issued) return response;
    try {
      await this.issuedTokens.verify(issued);
      context.authorization = `Bearer ${issued}`;
    } catch (error) {
      this.issuedTokens.onRejected(error);
    }
    return response;
  }

  /**
   * A subgraph answers a request it refuses as a whole (e.g. a variable its scalar rejects) with
   * an HTTP error status and a GraphQL error body. Its catalogued error reaches the client as
   * it is, instead of an opaque "400: Bad Request"; the subgraph's URL and body stay inside.
   * The status is remembered for the circuit breaker (HTTP 5xx counts as a failure).
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    return rememberResponseStatus(await this.errorOf(response), response.status);
  }

  private async errorOf(response: FetcherResponse): Promise<GraphQLError> {
    // A copy is read here: the default error below reads the body again.
    const body = (await this.parseBody(response.clone()).catch(() => null)) as {
      errors?: { message?: string; extensions?: Record<string, unknown> }[];
    } | null;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof code === 'string' && isCataloguedCode(code) && first?.message) {
      const { stacktrace: _stacktrace, ...extensions } = first.extensions ?? {};
      return new GraphQLError(first.message, { extensions });
    }
    return super.errorFromResponse(response);
  }
}
