import { createHmac, timingSafeEqual } from 'node:crypto';
import { type CurrencyCode, isCurrencyCode } from '../../../../shared/currency.js';
import { isUlid } from '../../../../shared/ids.js';

/**
 * How cached prices are named and sealed, so that nothing but the price of the product and
 * currency asked for can ever be served.
 *
 * Keys: built only from parts that passed their own type's check (a ULID product id, an ISO
 * currency from the allowlist, both of fixed length and drawn from [0-9A-Z]), joined by ':'
 * which neither part can contain. Two different (product, currency) pairs therefore never share
 * a key, and an id with separators, look-alike Unicode letters, lower case or extra length gets
 * no key at all: it is read from the database, uncached.
 *
 * Values: a JSON envelope naming the key it was written for, the generation of that key when it
 * was read from the database, and an HMAC-SHA256 over all of it. A reader serves an entry only if
 * the MAC verifies, the embedded key is the one it asked for (a value copied or written under
 * another key is refused) and the generation is still current (a price written since makes it
 * stale). Anything else is a miss.
 */

export const CACHE_FORMAT = 'v1';

export interface PriceCacheKeys {
  /** Where the entry lives. */
  entry: string;
  /** A counter bumped by every change of this price: entries written before the bump are ignored. */
  generation: string;
}

/** The keys of one (product, currency) price, or null when a part is not of its type. */
export function priceCacheKeys(productId: string, currency: string): PriceCacheKeys | null {
  if (!isUlid(productId) || !isCurrencyCode(currency)) return null;
  const name = `${productId}:${currency}`;
  return { entry: `pricing:price:${CACHE_FORMAT}:${name}`, generation: `pricing:price-gen:${CACHE_FORMAT}:${name}` };
}

/** The keys of the exchange rate from `base` to `quote`; their type says both passed the allowlist. */
export function rateCacheKeys(base: CurrencyCode, quote: CurrencyCode): PriceCacheKeys {
  const name = `${base}:${quote}`;
  return { entry: `pricing:rate:${CACHE_FORMAT}:${name}`, generation: `pricing:rate-gen:${CACHE_FORMAT}:${name}` };
}

interface Envelope {
  /** The key the value was written under. */
  k: string;
  /** The generation counter's value when the data was read ("0" before the first change). */
  g: string;
  /** The payload, itself JSON: what the MAC covers is exactly what is parsed. */
  v: string;
  /** HMAC-SHA256 (hex) of k, g and v. */
  m: string;
}

const mac = (secret: Buffer, key: string, generation: string, value: string) =>
  createHmac('sha256', secret)
    .update(`${CACHE_FORMAT}\n${key.length}:${key}\n${generation.length}:${generation}\n${value}`)
    .digest('hex');

/** The generation counter as read from Redis: a missing counter is generation "0". */
export const generationOf = (raw: string | null | undefined): string => raw ?? '0';

export function sealEntry(secret: Buffer, key: string, generation: string, payload: unknown): string {
  const value = JSON.stringify(payload);
  const envelope: Envelope = { k: key, g: generation, v: value, m: mac(secret, key, generation, value) };
  return JSON.stringify(envelope);
}

export type OpenResult = { ok: true; payload: unknown } | { ok: false; why: 'absent' | 'forged' | 'stale' };

/** The payload of an entry read under `key` while the generation is `generation`, if it may be served. */
export function openEntry(secret: Buffer, raw: string | null | undefined, key: string, generation: string): OpenResult {
  if (raw === null || raw === undefined) return { ok: false, why: 'absent' };
  let envelope: Partial<Envelope>;
  try {
    envelope = JSON.parse(raw) as Partial<Envelope>;
  } catch {
    return { ok: false, why: 'forged' };
  }
  const { k, g, v, m } = envelope ?? {};
  if (typeof k !== 'string' || typeof g !== 'string' || typeof v !== 'string' || typeof m !== 'string') {
    return { ok: false, why: 'forged' };
  }
  const expected = Buffer.from(mac(secret, k, g, v), 'hex');
  const given = Buffer.from(m, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'forged' };
  // Checked after the MAC, so a genuine entry copied under another key is refused too.
  if (k !== key) return { ok: false, why: 'forged' };
  if (g !== generation) return { ok: false, why: 'stale' };
  try {
    return { ok: true, payload: JSON.parse(v) };
  } catch {
    return { ok: false, why: 'forged' };
  }
}
