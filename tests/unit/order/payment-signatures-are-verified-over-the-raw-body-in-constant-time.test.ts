import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { paymentNotificationSchema } from '../../../subgraphs/order/src/domain/payment-notification.js';
import { signPayment, verifyPaymentSignature } from '../../../subgraphs/order/src/domain/payment-signature.js';

// Spies on the real implementation, to prove the comparison goes through timingSafeEqual.
vi.mock('node:crypto', { spy: true });

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const now = 1_800_000_000;
const body = Buffer.from('{"id":"evt_1","type":"payment.succeeded"}');

describe('payment signatures', () => {
  it('accept the provider’s own signature of the exact bytes', () => {
    expect(verifyPaymentSignature(signPayment(secret, now, body), body, secret, now)).toEqual({
      valid: true,
      timestamp: now,
    });
  });

  it('refuse a missing or malformed header', () => {
    for (const header of [
      undefined,
      '',
      'v1=abc',
      `t=${now}`,
      `t=abc,v1=${'a'.repeat(64)}`,
      `t=${now},v1=xyz`,
      `t=${now},t=${now},v1=${'a'.repeat(64)}`,
    ]) {
      expect(verifyPaymentSignature(header, body, secret, now).valid, String(header)).toBe(false);
    }
  });

  it('refuse timestamps more than 5 minutes away, either way', () => {
    expect(verifyPaymentSignature(signPayment(secret, now - 300, body), body, secret, now).valid).toBe(true);
    expect(verifyPaymentSignature(signPayment(secret, now - 301, body), body, secret, now)).toEqual({
      valid: false,
      reason: 'STALE',
    });
    expect(verifyPaymentSignature(signPayment(secret, now + 301, body), body, secret, now)).toEqual({
      valid: false,
      reason: 'STALE',
    });
  });

  it('refuse another secret, and a signature moved to another timestamp', () => {
    expect(verifyPaymentSignature(signPayment('another-secret', now, body), body, secret, now)).toEqual({
      valid: false,
      reason: 'MISMATCH',
    });
    const mac = signPayment(secret, now, body).split('v1=')[1];
    expect(verifyPaymentSignature(`t=${now - 1},v1=${mac}`, body, secret, now)).toEqual({
      valid: false,
      reason: 'MISMATCH',
    });
  });

  it('accept any one of several signatures (secret rotation)', () => {
    const good = signPayment(secret, now, body).split('v1=')[1];
    expect(verifyPaymentSignature(`t=${now},v1=${'0'.repeat(64)},v1=${good}`, body, secret, now).valid).toBe(true);
  });

  it('compare the MAC in constant time, whether it matches or not', () => {
    const good = signPayment(secret, now, body);
    const wrong = signPayment('another-secret', now, body);
    for (const [header, matches] of [
      [good, true],
      [wrong, false],
    ] as const) {
      vi.mocked(crypto.timingSafeEqual).mockClear();
      expect(verifyPaymentSignature(header, body, secret, now).valid).toBe(matches);
      expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
      expect(crypto.timingSafeEqual).toHaveReturnedWith(matches);
    }
  });

  it('refuse any change to the signed bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), (bytes, position) => {
        const original = Buffer.from(bytes);
        const header = signPayment(secret, now, original);
        const tampered = Buffer.from(original);
        const index = position % tampered.length;
        tampered[index] = (tampered[index] ?? 0) ^ 1;
        return verifyPaymentSignature(header, tampered, secret, now).valid === false;
      }),
    );
  });
});

describe('payment notification bodies', () => {
  const valid = {
    id: 'evt_123',
    type: 'payment.succeeded',
    orderId: '01KA0000000000000000000000',
    amount: '39.98',
    currency: 'EUR',
    occurredAt: '2026-11-27T12:00:00Z',
  };

  it('accept the documented shape', () => {
    expect(paymentNotificationSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['an amount that is a number', { amount: 39.98 }],
    ['a negative amount', { amount: '-1.00' }],
    ['an amount with 5 decimals', { amount: '1.00001' }],
    ['an unknown currency', { currency: 'XXX' }],
    ['an unknown type', { type: 'payment.refunded' }],
    ['an order id that is not an id', { orderId: "1' OR '1'='1" }],
    ['an event id with spaces', { id: 'evt 1' }],
    ['an unknown field', { extra: true }],
    ['a time that is not ISO-8601', { occurredAt: 'yesterday' }],
  ])('refuse %s', (_case, change) => {
    expect(paymentNotificationSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
