import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { isCataloguedCode } from '../../shared/errors.js';

/** What the gateway knows of a request and passes on to every subgraph fetch. */
export interface GatewayContext {
  /** The Authorization header, already verified: subgraphs verify it again. */
  authorization?: string;
  clientIp: string;
}

/**
 * Subgraph fetches carry the caller's token (each subgraph checks it itself) and the client's
 * address (for per-IP throttling). A client-sent x-client-ip never gets through: it is set here.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('clientIp' in context)) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    headers.set('x-client-ip', context.clientIp);
  }

  /**
   * A subgraph answers a request it refuses as a whole (e.g. a variable its scalar rejects) with
   * an HTTP error status and a GraphQL error body. Its catalogued error reaches the client as
   * it is, instead of an opaque "400: Bad Request"; the subgraph's URL and body stay inside.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = (await this.parseBody(response).catch(() => null)) as {
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
