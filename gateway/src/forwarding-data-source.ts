import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';

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
}
