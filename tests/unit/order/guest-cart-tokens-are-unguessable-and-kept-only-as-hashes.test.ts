import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  CART_TOKEN_BYTES,
  cartTokenMatches,
  hashCartToken,
  issueCartToken,
} from '../../../subgraphs/order/src/domain/cart-tokens.js';

// Spies on the real implementation, to prove the comparison goes through timingSafeEqual.
vi.mock('node:crypto', { spy: true });

describe('guest cart tokens', () => {
  it('carry 256 random bits, base64url-encoded, and never repeat', () => {
    expect(CART_TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
    const tokens = Array.from({ length: 1000 }, () => issueCartToken().token);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(CART_TOKEN_BYTES);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(crypto.randomBytes).toHaveBeenCalledWith(CART_TOKEN_BYTES);
  });

  it('are kept as their SHA-256 in hex, which does not contain the token', () => {
    const { token, hash } = issueCartToken();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toContain(token);
    expect(hashCartToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('match only the token they were issued as', () => {
    const { token, hash } = issueCartToken();
    expect(cartTokenMatches(token, hash)).toBe(true);
    expect(cartTokenMatches(issueCartToken().token, hash)).toBe(false);
    expect(cartTokenMatches(token.slice(0, -1), hash)).toBe(false);
    expect(cartTokenMatches(`${token} `, hash)).toBe(false);
    expect(cartTokenMatches('', hash)).toBe(false);
    // Presenting the stored hash itself is no better than guessing.
    expect(cartTokenMatches(hash, hash)).toBe(false);
  });

  it('never match any other string', () => {
    const { token, hash } = issueCartToken();
    fc.assert(
      fc.property(
        fc.string().filter((guess) => guess !== token),
        (guess) => !cartTokenMatches(guess, hash),
      ),
    );
  });

  it('never match a cart without a stored hash, or with a malformed one', () => {
    const { token, hash } = issueCartToken();
    expect(cartTokenMatches(token, null)).toBe(false);
    expect(cartTokenMatches(token, '')).toBe(false);
    expect(cartTokenMatches(token, hash.toUpperCase())).toBe(false);
    expect(cartTokenMatches(token, hash.slice(0, 62))).toBe(false);
    expect(cartTokenMatches(token, token)).toBe(false);
    // A hash of zeroes is what a missing hash is compared against: it must not become a match.
    expect(cartTokenMatches(token, '0'.repeat(64))).toBe(false);
  });

  it('are compared in constant time, also when the cart has no hash to compare with', () => {
    const { token, hash } = issueCartToken();
    for (const stored of [hash, issueCartToken().hash, null, 'not a hash']) {
      vi.mocked(crypto.timingSafeEqual).mockClear();
      cartTokenMatches(token, stored);
      expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
    }
  });
});
