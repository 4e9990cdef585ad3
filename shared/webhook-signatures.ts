import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of every webhook the shop sends or receives (the payment provider's
 * `Payment-Signature`, the stock alerts' `Stock-Alert-Signature`):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The timestamp is signed with the
 * body, so a captured call cannot be replayed later with a fresh one.
 */

/** How far a signature's timestamp may be from now, either way: replays of old calls are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'MISSING' | 'MALFORMED' | 'STALE' | 'MISMATCH' };

export function signWebhookBody(secret: string, timestamp: number, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Checks a signature header over the exact bytes received (a re-serialised body would not
 * match), comparing in constant time so the MAC cannot be guessed byte by byte. Several v1
 * values are accepted (a sender sends two while rotating secrets).
 */
export function verifyWebhookSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { valid: false, reason: 'MISSING' };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value);
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? '') || signatures.length === 0) {
    return { valid: false, reason: 'MALFORMED' };
  }
  if (signatures.some((signature) => !/^[0-9a-f]{64}$/.test(signature))) return { valid: false, reason: 'MALFORMED' };
  const timestamp = Number(timestamps[0]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { valid: false, reason: 'STALE' };
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex'));
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature), expected));
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'MISMATCH' };
}
