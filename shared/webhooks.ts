import express from 'express';

/** Where the payment provider posts (docs/payments-webhook.openapi.yaml): the gateway and the order subgraph both serve it. */
export const PAYMENT_WEBHOOK_PATH = '/webhooks/payments';

/** Notifications are small; anything bigger is not one. */
const WEBHOOK_BODY_LIMIT = '64kb';

/** The exact bytes received, whatever the content type: a signature covers them, not a re-serialisation. */
export const rawWebhookBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });

/**
 * A body over the limit, or any other failure to read it, answered in the webhook's JSON shape
 * (413 BODY_TOO_LARGE, else 400 MALFORMED_BODY). `onRefused` counts it where the caller keeps count.
 */
export function webhookBodyErrorHandler(onRefused: (code: string) => void = () => {}): express.ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const status = (error as { status?: number }).status ?? 400;
    const code = status === 413 ? 'BODY_TOO_LARGE' : 'MALFORMED_BODY';
    onRefused(code);
    res.status(status).json({ error: { code, message: 'Unreadable body' } });
  };
}
