import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';

/**
 * A subgraph's answer says how long it may be cached in its Cache-Control header, from the
 * @cacheControl hints of its SDL (docs/cache-policy.md): `max-age=N, public` when every field it
 * resolved is hinted, `no-store` otherwise (a field without a hint counts as max-age 0). The
 * gateway combines the headers of the subgraphs an operation reached.
 *
 * An answer to a caller with a token is never public: what a signed-in caller sees may be theirs
 * alone (a customer's own record, a staff member's drafts), whatever the field's hint says.
 */
export function subgraphCacheHints<TContext extends BaseContext>(): ApolloServerPlugin<TContext>[] {
  return [
    // After execution and before the header is written (plugins' hooks run in this order): a
    // policy restricted before execution would make the cache control plugin ignore every hint.
    {
      async requestDidStart({ request }) {
        if (!request.http?.headers.get('authorization')) return;
        return {
          async willSendResponse({ overallCachePolicy }) {
            overallCachePolicy.restrict({ scope: 'PRIVATE' });
          },
        };
      },
    },
    ApolloServerPluginCacheControl({ defaultMaxAge: 0 }),
  ];
}
