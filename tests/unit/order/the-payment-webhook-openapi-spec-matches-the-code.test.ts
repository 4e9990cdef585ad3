import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUPPORTED_CURRENCIES } from '../../../shared/currency.js';
import { PAYMENT_WEBHOOK_PATH } from '../../../shared/webhooks.js';
import { paymentNotificationSchema } from '../../../subgraphs/order/src/domain/payment-notification.js';
import { SIGNATURE_TOLERANCE_SECONDS, signPayment } from '../../../subgraphs/order/src/domain/payment-signature.js';

interface Spec {
  openapi: string;
  info: { description: string };
  paths: Record<
    string,
    {
      post: {
        parameters: { name: string; in: string; required: boolean; schema: { pattern: string } }[];
        responses: Record<string, unknown>;
      };
    }
  >;
  components: {
    schemas: {
      PaymentNotification: {
        required: string[];
        properties: Record<string, { enum?: string[] }>;
        additionalProperties: boolean;
      };
    };
  };
}

const spec = parse(readFileSync('docs/payments-webhook.openapi.yaml', 'utf8')) as Spec;

describe('the payment webhook’s OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes the path the order subgraph serves', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual([PAYMENT_WEBHOOK_PATH]);
  });

  it('names exactly the fields the code accepts, all required, nothing else', () => {
    const notification = spec.components.schemas.PaymentNotification;
    const accepted = Object.keys(paymentNotificationSchema.shape).sort();
    expect([...notification.required].sort()).toEqual(accepted);
    expect(Object.keys(notification.properties).sort()).toEqual(accepted);
    expect(notification.additionalProperties).toBe(false);
    expect(notification.properties.currency?.enum).toEqual([...SUPPORTED_CURRENCIES].sort());
    expect(notification.properties.type?.enum).toEqual(paymentNotificationSchema.shape.type.options);
  });

  it('documents the signature header in the format the shop verifies, and the tolerance it applies', () => {
    const header = spec.paths[PAYMENT_WEBHOOK_PATH]?.post.parameters.find((p) => p.name === 'Payment-Signature');
    expect(header).toMatchObject({ in: 'header', required: true });
    expect(new RegExp(header?.schema.pattern ?? '$^').test(signPayment('secret', 1_795_780_800, '{}'))).toBe(true);
    expect(spec.info.description).toContain(`${SIGNATURE_TOLERANCE_SECONDS} seconds`);
  });

  it('lists every status the webhook answers with', () => {
    expect(Object.keys(spec.paths[PAYMENT_WEBHOOK_PATH]?.post.responses ?? {}).sort()).toEqual(
      ['200', '400', '401', '409', '413', '500', '503'].sort(),
    );
  });
});
