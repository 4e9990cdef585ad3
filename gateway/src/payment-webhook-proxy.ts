import type { Express, Request } from 'express';
import type { Logger } from '../../shared/logger.js';
import { REQUEST_ID_HEADER, requestIdMiddleware } from '../../shared/request-id.js';
import { PAYMENT_WEBHOOK_PATH, rawWebhookBody, webhookBodyErrorHandler } from '../../shared/webhooks.js';

/**
 * The payment provider is given the shop's public host, so the gateway passes
 * `POST /webhooks/payments` through to the order subgraph untouched: the exact bytes (the
 * signature covers them), the signature header, and the caller's address. Whether to believe
 * the call is the order subgraph's decision alone.
 */
export function mountPaymentWebhookProxy(
  app: Express,
  orderSubgraphUrl: () => string | undefined,
  clientIp: (req: Request) => string,
  logger: Logger,
): void {
  app.post(PAYMENT_WEBHOOK_PATH, requestIdMiddleware({ prefix: 'gw', logger }), rawWebhookBody, async (req, res) => {
    const target = orderSubgraphUrl();
    const requestId = req.headers[REQUEST_ID_HEADER] as string;
    if (!target) {
      res.status(503).json({ error: { code: 'SUBGRAPH_UNAVAILABLE', message: 'Payments cannot be received now' } });
      return;
    }
    try {
      const response = await fetch(new URL(PAYMENT_WEBHOOK_PATH, target), {
        method: 'POST',
        headers: {
          'content-type': req.header('content-type') ?? 'application/json',
          'x-request-id': requestId,
          'x-client-ip': clientIp(req),
          ...(req.header('payment-signature')
            ? { 'payment-signature': req.header('payment-signature') as string }
            : {}),
        },
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        signal: AbortSignal.timeout(10_000),
      });
      res.status(response.status).type(response.headers.get('content-type') ?? 'application/json');
      res.send(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      logger.error({ err: error, requestId }, 'payment webhook could not reach the order subgraph');
      // 503: the provider retries, and the event id makes the retry safe.
      res.status(503).json({ error: { code: 'SUBGRAPH_UNAVAILABLE', message: 'Payments cannot be received now' } });
    }
  });
  app.use(PAYMENT_WEBHOOK_PATH, webhookBodyErrorHandler());
}
