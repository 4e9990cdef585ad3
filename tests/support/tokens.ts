import { inject } from 'vitest';
import { readAuthConfig } from '../../shared/auth/auth-config.js';
import type { Role } from '../../shared/auth/roles.js';
import { createTokenSigner } from '../../shared/auth/tokens.js';

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
