import { type SignatureCheck, signWebhookBody, verifyWebhookSignature } from '../../../../shared/webhook-signatures.js';

/** The payment provider signs as every webhook of the shop is signed (shared/webhook-signatures.ts). */
export { SIGNATURE_TOLERANCE_SECONDS, type SignatureCheck } from '../../../../shared/webhook-signatures.js';

/** `Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
export function signPayment(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return signWebhookBody(secret, timestamp, rawBody);
}

/** Checks a payment notification's `Payment-Signature` (see verifyWebhookSignature). */
export function verifyPaymentSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  nowSeconds: number,
  toleranceSeconds?: number,
): SignatureCheck {
  return verifyWebhookSignature(header, rawBody, secret, nowSeconds, toleranceSeconds);
}
