import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import { STOCK_ALERT_EVENT_TYPES, type StockAlertPayload } from '../../../../shared/events/warehouse-events.js';
import type { Logger } from '../../../../shared/logger.js';
import { signWebhookBody } from '../../../../shared/webhook-signatures.js';
import type { WarehouseDatabase } from '../data/database.js';
import { passThrottle } from '../data/stock-alert-throttle.js';
import { storeStockAlert } from '../data/stored-stock-alerts.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The subscriptions to the warehouse's own events, one per sink (queue and inbox names). */
export const STOCK_ALERT_CONSUMERS = {
  store: 'warehouse-alert-store',
  log: 'warehouse-alert-log',
  webhook: 'warehouse-alert-webhook',
} as const;

/** Deliveries of the webhook sink: one job per alert that passed the rate limit. */
export const STOCK_ALERT_WEBHOOK_QUEUE = 'warehouse.stock-alert-webhook';

export const STOCK_ALERT_SIGNATURE_HEADER = 'Stock-Alert-Signature';
export const STOCK_ALERT_ID_HEADER = 'Stock-Alert-Id';

export const isStockAlert = (event: DomainEvent) => STOCK_ALERT_EVENT_TYPES.includes(event.type);

/** What the webhook receives (JSON): the event's id, type and instant, its payload, and what was held back. */
export interface StockAlertNotification extends StockAlertPayload {
  /** The event id: the same in every retry of a delivery, for the receiver to drop repeats. */
  id: string;
  type: string;
  occurredAt: string;
  /** Alerts of this item the rate limit held back since the previous notification. */
  suppressedSince: number;
}

export function notificationOf(event: DomainEvent, suppressedSince: number): StockAlertNotification {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    ...(event.payload as unknown as StockAlertPayload),
    suppressedSince,
  };
}

/** The store sink: every alert becomes a row staff can list and acknowledge, once per event id. */
export function storeAlert(db: WarehouseDatabase, event: DomainEvent): Promise<InboxOutcome> {
  return applyEventOnce(db, STOCK_ALERT_CONSUMERS.store, event, async (tx) => {
    await storeStockAlert(tx, event);
  });
}

export interface ThrottledOutcome {
  outcome: InboxOutcome;
  /** sent: notified (or handed to the delivery queue); suppressed: held back by the rate limit. */
  effect: 'sent' | 'suppressed' | 'none';
}

/**
 * A rate-limited sink (log, webhook) handles one event: once per event id (its own inbox), and
 * per stock item at most once per window (domain/alert-throttle.ts). `notify` runs inside the
 * inbox transaction: if it fails, nothing is recorded and the event is retried.
 */
export async function notifyThrottled(
  db: WarehouseDatabase,
  sink: 'log' | 'webhook',
  event: DomainEvent,
  windowMs: number,
  notify: (notification: StockAlertNotification, tx: Prisma.TransactionClient) => Promise<void>,
  now: Date = new Date(),
): Promise<ThrottledOutcome> {
  let effect: ThrottledOutcome['effect'] = 'none';
  const outcome = await applyEventOnce(db, STOCK_ALERT_CONSUMERS[sink], event, async (tx) => {
    if (!isStockAlert(event)) return;
    const decision = await passThrottle(tx, sink, event.aggregateId, windowMs, now);
    if (!decision.send) {
      effect = 'suppressed';
      return;
    }
    await notify(notificationOf(event, decision.suppressedSince), tx);
    effect = 'sent';
  });
  return { outcome, effect: outcome === 'duplicate' ? 'none' : effect };
}

/** The log sink's line: a warning, since someone should restock. */
export function logAlert(logger: Logger, notification: StockAlertNotification): void {
  logger.warn(
    { alert: notification },
    `${notification.type}: product ${notification.productId} in warehouse ${notification.warehouseCode} has ${notification.available} available (threshold ${notification.threshold})`,
  );
}

export interface WebhookTarget {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** The receiver did not take the alert; the job is retried, then dead-lettered. */
export class WebhookRefused extends Error {
  override name = 'WebhookRefused';
}

/**
 * One delivery attempt: POSTs the notification as JSON, signed over the exact body sent with the
 * current time (`Stock-Alert-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
 * as the payment webhook is signed), so a retry carries a fresh timestamp. Only a 2xx answer
 * counts; redirects are not followed, so the alert never goes anywhere but the configured URL.
 */
export async function deliverWebhook(
  target: WebhookTarget,
  notification: StockAlertNotification,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<{ status: number }> {
  const body = JSON.stringify(notification);
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [STOCK_ALERT_SIGNATURE_HEADER]: signWebhookBody(target.secret, nowSeconds, body),
      [STOCK_ALERT_ID_HEADER]: notification.id,
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(target.timeoutMs),
  });
  // The body is not needed; reading it frees the connection.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status >= 300) {
    throw new WebhookRefused(`the stock alert receiver answered ${response.status}`);
  }
  return { status: response.status };
}
