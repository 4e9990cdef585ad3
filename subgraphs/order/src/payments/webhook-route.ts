import type { Express } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../../../shared/logger.js';
import { requestIdMiddleware } from '../../../../shared/request-id.js';
import { clientIpOf } from '../../../../shared/subgraph-server.js';
import { PAYMENT_WEBHOOK_PATH, rawWebhookBody, webhookBodyErrorHandler } from '../../../../shared/webhooks.js';
import { applyPaymentNotification, type PaymentDeps } from '../data/payments.js';
import { paymentNotificationSchema } from '../domain/payment-notification.js';
import { verifyPaymentSignature } from '../domain/payment-signature.js';

export interface PaymentWebhookOptions extends Omit<PaymentDeps, 'logger'> {
  secret: string;
  logger: Logger;
  metrics: Registry;
}

/**
 * `POST /webhooks/payments` (docs/payments-webhook.openapi.yaml). The signature is checked over
 * the raw bytes before the body is even parsed; then the body is validated, the event id
 * de-duplicated and the amount and currency matched against the order. Answers: 200 once recorded
 * (applied, revived, recorded, a refund required, or a redelivery), 400 malformed body, 401
 * missing/forged/stale signature, 409 unknown order or mismatch. Money the order cannot keep is
 * still 200 — the provider must stop retrying — and waits for a person in paymentsNeedingAction.
 * Every refusal is logged (never the body: it is the provider's).
 */
export function mountPaymentWebhook(app: Express, options: PaymentWebhookOptions): void {
  const outcomes = new Counter({
    name: 'payment_webhook_requests_total',
    help: 'Payment notifications received, by outcome',
    labelNames: ['outcome'],
    registers: [options.metrics],
  });
  const needingAction = new Counter({
    name: 'payments_needing_action_total',
    help: 'Payments taken that their order cannot keep (to be refunded by a person), by reason',
    labelNames: ['reason'],
    registers: [options.metrics],
  });
  app.post(
    PAYMENT_WEBHOOK_PATH,
    requestIdMiddleware({ prefix: 'wh', logger: options.logger }),
    rawWebhookBody,
    async (req, res) => {
      const refuse = (status: number, outcome: string, message: string, detail?: string) => {
        outcomes.inc({ outcome });
        options.logger.warn(
          { requestId: res.getHeader('x-request-id'), outcome, detail, clientIp: clientIpOf(req) },
          'payment notification refused',
        );
        res.status(status).json({ error: { code: outcome, message } });
      };
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = verifyPaymentSignature(
        req.header('payment-signature'),
        rawBody,
        options.secret,
        Math.floor(Date.now() / 1000),
      );
      if (!signature.valid) {
        return refuse(
          401,
          `SIGNATURE_${signature.reason}`,
          'The Payment-Signature header is missing, malformed, stale or wrong',
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return refuse(400, 'MALFORMED_BODY', 'The body is not JSON');
      }
      const parsed = paymentNotificationSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return refuse(400, 'INVALID_BODY', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
      }
      try {
        const outcome = await applyPaymentNotification(options, parsed.data, new Date());
        if (outcome.status === 'rejected') return refuse(409, outcome.reason, outcome.detail, outcome.detail);
        if (outcome.status === 'refund_required') needingAction.inc({ reason: outcome.reason });
        outcomes.inc({ outcome: outcome.status.toUpperCase() });
        options.logger.info(
          { eventId: parsed.data.id, orderId: outcome.orderId, outcome: outcome.status },
          'payment notification',
        );
        res.status(200).json({
          received: true,
          outcome: outcome.status.toUpperCase(),
          orderId: outcome.orderId,
          ...(outcome.status === 'refund_required' ? { refundReason: outcome.reason } : {}),
        });
      } catch (error) {
        options.logger.error({ err: error, eventId: parsed.data.id }, 'payment notification could not be applied');
        outcomes.inc({ outcome: 'ERROR' });
        // 5xx: the provider retries later, and the event id makes the retry safe.
        res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Try again later' } });
      }
    },
  );
  app.use(
    PAYMENT_WEBHOOK_PATH,
    webhookBodyErrorHandler((code) => outcomes.inc({ outcome: code })),
  );
}
