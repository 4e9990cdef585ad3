import type { Identity } from '../../../shared/auth/identity.js';
import type { TokenSigner } from '../../../shared/auth/tokens.js';
import type { CustomerLoaders } from './data/customers.js';
import type { CustomerDatabase } from './data/database.js';
import type { GuestCartMerger } from './data/order-service.js';
import type { SignInThrottle } from './data/sign-in-throttle.js';

export interface Context {
  identity: Identity;
  clientIp: string;
  db: CustomerDatabase;
  loaders: CustomerLoaders;
  tokens: TokenSigner & { ttlSeconds: number };
  signInThrottle: SignInThrottle;
  mergeGuestCart: GuestCartMerger;
  /** Set by register/signIn: the customer this request has just proven to be. */
  signedInCustomerId?: string;
  /** Hands the token register/signIn issued to the gateway, for the rest of the client's operation. */
  announceIssuedToken(token: string): void;
}
