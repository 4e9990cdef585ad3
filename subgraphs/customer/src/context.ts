import type { Identity } from '../../../shared/auth/identity.js';
import type { TokenSigner } from '../../../shared/auth/tokens.js';
import type { CustomerLoaders } from './data/customers.js';
import type { CustomerDatabase } from './data/database.js';
import type { GuestCartMerger } from './data/order-service.js';
import type { RefreshThrottle } from './data/refresh-throttle.js';
import type { SegmentReader } from './data/segments.js';
import type { SignInThrottle } from './data/sign-in-throttle.js';
import type { SessionLifetime } from './domain/refresh-tokens.js';
import type { StaffSettings } from './staff-config.js';

export interface Context {
  identity: Identity;
  clientIp: string;
  /** The request's id (x-request-id), as every log line of it names it; recorded with preference changes. */
  requestId: string;
  db: CustomerDatabase;
  loaders: CustomerLoaders;
  tokens: TokenSigner & { ttlSeconds: number };
  signInThrottle: SignInThrottle;
  refreshThrottle: RefreshThrottle;
  sessionLifetime: SessionLifetime;
  mergeGuestCart: GuestCartMerger;
  /**
   * Makes every access token of the subject (a customer or a staff member) issued until `at` stop
   * working, everywhere (shared/auth/revocations.ts).
   */
  revokeAccessTokens(subject: string, at: Date): Promise<void>;
  /** How long a staff invitation can be accepted, and the key that seals TOTP secrets. */
  staff: StaffSettings;
  /** Segments through their cache; dropCached after a committed change never fails the request. */
  segments: SegmentReader & { dropCached(customerId: string): Promise<void> };
  /** Set by register/signIn: the customer this request has just proven to be. */
  signedInCustomerId?: string;
  /** Hands the token register/signIn issued to the gateway, for the rest of the client's operation. */
  announceIssuedToken(token: string): void;
  /** Hands a new refresh token to the gateway, which keeps it in the client's cookie. */
  announceIssuedRefreshToken(token: string, expiresAt: Date): void;
  /** Asks the gateway to clear the client's refresh-token cookie. */
  announceRefreshTokenCleared(): void;
  /** The refresh token of the client's cookie, passed on by the gateway; null without one. */
  cookieRefreshToken: string | null;
}
