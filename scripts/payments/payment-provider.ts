import { newId } from '../../shared/ids.js';
import { PAYMENT_WEBHOOK_PATH } from '../../shared/webhooks.js';
import type { PaymentNotification } from '../../subgraphs/order/src/domain/payment-notification.js';
import { signPayment } from '../../subgraphs/order/src/domain/payment-signature.js';

/**
 * What a payment provider sends the shop, for the clients that play the provider: the failure
 * drills and the tests. The shop's side (parsing, verifying) is in the order subgraph.
 */

/** A new notification that the order's whole total was paid. */
export function succeededPaymentFor(order: {
  id: string;
  total: { amount: string; currency: string };
}): PaymentNotification {
  return {
    id: `evt_${newId()}`,
    type: 'payment.succeeded',
    orderId: order.id,
    amount: order.total.amount,
    currency: order.total.currency,
    occurredAt: new Date().toISOString(),
  };
}

/** The shop's public webhook, next to the gateway's /graphql. */
export function paymentWebhookUrl(gatewayUrl: string): string {
  return new URL(PAYMENT_WEBHOOK_PATH, gatewayUrl).toString();
}

/** The signature header of `raw`, signed at `timestamp` (seconds) as the provider signs. */
export function paymentSignatureHeader(secret: string, raw: string, timestamp = Math.floor(Date.now() / 1000)) {
  return { 'payment-signature': signPayment(secret, timestamp, raw) };
}
