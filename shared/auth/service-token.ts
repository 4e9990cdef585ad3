import type { AuthConfig } from './auth-config.js';
import { createTokenSigner } from './tokens.js';

/** A source of the short-lived token a subgraph presents when it calls another as `service`. */
export type ServiceTokenSource = () => Promise<string>;

const TTL_SECONDS = 300;

/**
 * Mints `service` tokens for calls between subgraphs, reusing one until it is half-way to
 * expiry, so a busy checkout signs a token every few minutes rather than per call.
 */
export async function createServiceTokenSource(config: AuthConfig, subject: string): Promise<ServiceTokenSource> {
  const signer = await createTokenSigner(config);
  let current: { token: string; renewAt: number } | undefined;
  return async () => {
    if (!current || Date.now() >= current.renewAt) {
      current = {
        token: await signer.sign(`service:${subject}`, ['service'], TTL_SECONDS),
        renewAt: Date.now() + (TTL_SECONDS * 1000) / 2,
      };
    }
    return current.token;
  };
}
