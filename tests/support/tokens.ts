import { inject } from 'vitest';
import { readAuthConfig } from '../../shared/auth/auth-config.js';
import type { Role } from '../../shared/auth/roles.js';
import { createTokenSigner } from '../../shared/auth/tokens.js';
import { type GraphQLResponse, postGraphQL } from './graphql.js';

/** The test stack's key settings, as every service reads them. */
export function testAuthConfig() {
  const problems: string[] = [];
  const config = readAuthConfig(inject('authEnv'), false, problems);
  if (!config || problems.length > 0) throw new Error(problems.join('; '));
  return config;
}

/** A valid access token, as the customer subgraph or `npm run token` would issue it. */
export async function mintToken(subject: string, roles: readonly Role[], ttlSeconds?: number): Promise<string> {
  return (await createTokenSigner(testAuthConfig())).sign(subject, roles, ttlSeconds);
}

/** Someone calling the supergraph: a token's subject and roles. */
export interface Caller {
  subject: string;
  roles: Role[];
}

/** Through the gateway as `caller`, or anonymously with null; `url` sends it elsewhere (a subgraph). */
export async function as<TData = Record<string, unknown>>(
  caller: Caller | null,
  query: string,
  variables: Record<string, unknown> = {},
  url: string = inject('gatewayUrl'),
): Promise<GraphQLResponse<TData>> {
  const headers: Record<string, string> = caller
    ? { authorization: `Bearer ${await mintToken(caller.subject, caller.roles)}` }
    : {};
  return postGraphQL<TData>(url, query, variables, headers);
}
