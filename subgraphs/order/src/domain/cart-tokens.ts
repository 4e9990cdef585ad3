import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A guest cart's token is its only proof of ownership, so it must be unguessable: 256 bits from
 * the operating system's CSPRNG. The database keeps only its SHA-256, so a leaked table or
 * backup cannot be replayed as tokens; a plain hash suffices (no salt or slow KDF) because the
 * input is random and far too large to brute-force.
 */
export const CART_TOKEN_BYTES = 32;

export interface IssuedCartToken {
  /** Handed to the guest once; never stored. */
  token: string;
  /** What the cart row keeps. */
  hash: string;
}

export function issueCartToken(): IssuedCartToken {
  const token = randomBytes(CART_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashCartToken(token) };
}

/** SHA-256 of the token, 64 lower-case hex digits (the format the `cart` table checks). */
export function hashCartToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
// Compared against when there is no stored hash, so a miss costs the same as a wrong token.
const NO_HASH = Buffer.alloc(32);

/**
 * Whether `presented` is the token whose hash is `storedHash`. The hashes are compared in
 * constant time, so response timing reveals nothing about how much of a guess was right; a
 * missing or malformed stored hash never matches.
 */
export function cartTokenMatches(presented: string, storedHash: string | null): boolean {
  const presentedHash = Buffer.from(hashCartToken(presented), 'hex');
  const valid = storedHash !== null && SHA256_HEX.test(storedHash);
  const expected = valid ? Buffer.from(storedHash, 'hex') : NO_HASH;
  return timingSafeEqual(presentedHash, expected) && valid;
}
