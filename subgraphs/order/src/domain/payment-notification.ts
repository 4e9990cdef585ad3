import { z } from 'zod';
import { SUPPORTED_CURRENCIES } from '../../../../shared/currency.js';
import { isUlid } from '../../../../shared/ids.js';

/** The body of `POST /webhooks/payments` (see docs/payments-webhook.openapi.yaml). */
export const paymentNotificationSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  type: z.enum(['payment.succeeded', 'payment.failed']),
  orderId: z.string().refine(isUlid, 'an order id'),
  amount: z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'a non-negative decimal string with at most 4 decimals'),
  currency: z.enum(SUPPORTED_CURRENCIES as [string, ...string[]]),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;
