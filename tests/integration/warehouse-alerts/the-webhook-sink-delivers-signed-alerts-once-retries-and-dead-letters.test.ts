import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { verifyWebhookSignature } from '../../../shared/webhook-signatures.js';
import {
  STOCK_ALERT_CONSUMERS,
  STOCK_ALERT_ID_HEADER,
  STOCK_ALERT_SIGNATURE_HEADER,
  STOCK_ALERT_WEBHOOK_QUEUE,
  type StockAlertNotification,
} from '../../../subgraphs/warehouse/src/jobs/stock-alert-sinks.js';
import { stockAlertJobs } from '../../../subgraphs/warehouse/src/jobs/stock-alerts.js';
import { DEAD_LETTER_QUEUE, type DeadLetter, eventQueueName } from '../../../workers/src/queues.js';
import { type RunningWorkers, startWorkers } from '../../../workers/src/runtime.js';
import { testWorkersOptions } from '../../support/workers.js';
import { ADJUST, WAREHOUSE_ADMIN, warehouseCall } from '../warehouse-reservations/stock.js';
import { alertEventsAsPublished, alertingProduct, type StockedItem } from './alerts.js';

/**
 * The webhook sink in a workers runtime of the test's own, posting to a receiver on 127.0.0.1.
 * The shared stack's workers do not list the webhook sink, so its queues are this runtime's
 * alone; the test puts the warehouse's real outbox events on the sink's queue as the relay would.
 */
const SECRET = 'stock-alert-receiver-key-0123456789abcdef';
const ATTEMPTS = 3;

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  answeredWith: number;
}

const received: Received[] = [];
/** How the receiver answers alerts of each product: a list of statuses used up in order, then 200. */
const answers = new Map<string, number[]>();
let receiver: Server;
let workers: RunningWorkers;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const productId = (JSON.parse(body.toString('utf8')) as StockAlertNotification).productId;
      const status = answers.get(productId)?.shift() ?? 200;
      received.push({ headers: request.headers, body, answeredWith: status });
      response.writeHead(status).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const { port } = receiver.address() as AddressInfo;
  workers = await startWorkers(
    [stockAlertJobs],
    testWorkersOptions({
      env: {
        WAREHOUSE_DATABASE_URL: inject('databaseUrls').warehouse,
        STOCK_ALERT_SINKS: 'webhook',
        STOCK_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/stock-alerts`,
        STOCK_ALERT_WEBHOOK_SECRET: SECRET,
        STOCK_ALERT_WEBHOOK_ATTEMPTS: String(ATTEMPTS),
        STOCK_ALERT_RATE_WINDOW_SECONDS: '0',
      },
      backoffMs: 50,
    }),
  );
});

afterAll(async () => {
  await workers?.close();
  receiver?.close();
});

const wait = { timeout: 15_000, interval: 50 };
const sinkQueue = () => workers.queues.get(eventQueueName('warehouse', STOCK_ALERT_CONSUMERS.webhook)) as Queue;
const deliveries = () => workers.queues.get(STOCK_ALERT_WEBHOOK_QUEUE) as Queue<StockAlertNotification>;
const deadLetters = () => workers.queues.get(DEAD_LETTER_QUEUE) as Queue<DeadLetter>;
const receivedFor = (event: DomainEvent) => received.filter((r) => r.headers['stock-alert-id'] === event.id);

/** An item of its own run out by a write-off through the API: its StockOut event, as the relay publishes it. */
async function runOut(answersForIt: number[] = []): Promise<{ item: StockedItem; event: DomainEvent }> {
  const item = await alertingProduct('RTM-1', 4, 2);
  answers.set(item.productId, answersForIt);
  const response = await warehouseCall(WAREHOUSE_ADMIN, ADJUST, {
    input: { ...item, delta: -4, reason: 'Water damage' },
  });
  expect(response.errors).toBeUndefined();
  const [event] = await alertEventsAsPublished(item);
  if (!event) throw new Error('the write-off reported no crossing');
  await sinkQueue().add(event.type, event, { jobId: event.id });
  return { item, event };
}

describe('the stock alert webhook', () => {
  it('delivers an alert once, signed over the body it sends, also when the event is delivered again', async () => {
    const { item, event } = await runOut();
    await vi.waitFor(() => expect(receivedFor(event)).toHaveLength(1), wait);

    // Redis lost the event's completed job and the reconciler put the event back: the inbox holds.
    const again = await sinkQueue().add(event.type, event, { jobId: `${event.id}-redelivered` });
    await vi.waitFor(async () => expect(await again.getState()).toBe('completed'), wait);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receivedFor(event)).toHaveLength(1);

    const [delivery] = receivedFor(event) as [Received];
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers[STOCK_ALERT_ID_HEADER.toLowerCase()]).toBe(event.id);
    const signature = delivery.headers[STOCK_ALERT_SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifyWebhookSignature(signature, delivery.body, SECRET, Math.floor(Date.now() / 1000))).toMatchObject({
      valid: true,
    });
    // The signature covers the exact bytes: one changed byte, or another key, fails it.
    const tampered = Buffer.from(delivery.body.toString('utf8').replace('"available":0', '"available":9'));
    expect(verifyWebhookSignature(signature, tampered, SECRET, Math.floor(Date.now() / 1000)).valid).toBe(false);
    expect(
      verifyWebhookSignature(signature, delivery.body, `${SECRET}-other`, Math.floor(Date.now() / 1000)).valid,
    ).toBe(false);
    expect(JSON.parse(delivery.body.toString('utf8'))).toEqual({
      id: event.id,
      type: 'StockOut',
      occurredAt: event.occurredAt,
      warehouseId: item.warehouseId,
      warehouseCode: 'RTM-1',
      productId: item.productId,
      level: 'OUT',
      previousLevel: 'OK',
      onHand: 0,
      reserved: 0,
      available: 0,
      threshold: 2,
      cause: 'ADJUST',
      suppressedSince: 0,
    });
  });

  it('tries again after the receiver fails, with a fresh signature, until it takes the alert', async () => {
    const { event } = await runOut([503]);
    await vi.waitFor(() => expect(receivedFor(event).map((r) => r.answeredWith)).toEqual([503, 200]), wait);
    for (const attempt of receivedFor(event)) {
      const signature = attempt.headers[STOCK_ALERT_SIGNATURE_HEADER.toLowerCase()] as string;
      expect(verifyWebhookSignature(signature, attempt.body, SECRET, Math.floor(Date.now() / 1000)).valid).toBe(true);
    }
    const job = await deliveries().getJob(event.id);
    await vi.waitFor(async () => expect(await job?.getState()).toBe('completed'), wait);
  });

  it('moves an alert the receiver keeps refusing to the dead-letter queue after its last attempt', async () => {
    const { event } = await runOut(Array.from({ length: ATTEMPTS }, () => 500));
    const letter = await vi.waitFor(async () => {
      const jobs = await deadLetters().getJobs(['waiting', 'delayed', 'completed', 'failed', 'active']);
      const found = jobs.map((job) => job.data).find((data) => (data.data as StockAlertNotification).id === event.id);
      expect(found).toBeDefined();
      return found;
    }, wait);
    expect(letter).toMatchObject({
      queue: STOCK_ALERT_WEBHOOK_QUEUE,
      attemptsMade: ATTEMPTS,
      failedReason: 'the stock alert receiver answered 500',
    });
    expect(receivedFor(event).map((r) => r.answeredWith)).toEqual([500, 500, 500]);
  });
});
