import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IsolatedStack, startIsolatedStack } from '../../support/isolated-stack.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../../support/otlp-receiver.js';
import { cartOf, eventually, newProduct, newShopper, placeOrder, shopIn, sql } from '../order-path/fixtures.js';

/**
 * Following one checkout in a trace viewer: a stack of this file's own exports its traces to a
 * local OTLP/HTTP receiver, one customer places one order through the gateway, and the workers
 * relay its OrderPlaced event to the warehouse consumer afterwards.
 */
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

let receiver: OtlpReceiver;
let stack: IsolatedStack;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startIsolatedStack('tracing', {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  await shopIn(stack);
}, 240_000);

afterAll(async () => {
  await receiver?.close();
});

describe('one placeOrder', () => {
  let orderId: string;
  let consumer: ReceivedSpan;
  let trace: ReceivedSpan[];
  const byId = () => new Map(trace.map((span) => [span.spanId, span]));
  const parentOf = (span: ReceivedSpan) => byId().get(span.parentSpanId);

  beforeAll(async () => {
    const shopper = await newShopper();
    const productId = await newProduct({ units: 5 });
    const placed = await placeOrder(shopper, await cartOf(shopper, [{ productId, quantity: 2 }]));
    expect(placed.errors, JSON.stringify(placed.errors)).toBeUndefined();
    orderId = placed.data?.placeOrder.id as string;

    // The event is relayed only now: the consumer runs well after the request has ended.
    await stack.startWorkers();
    consumer = await eventually(async () => {
      const found = receiver.spans.find(
        (span) =>
          span.service === 'workers' &&
          span.kind === CONSUMER &&
          span.name === 'warehouse consume OrderPlaced' &&
          span.attributes['event.aggregate_id'] === orderId,
      );
      if (!found) throw new Error(`no warehouse consumer span for ${orderId} yet\n${stack.logs.slice(-20).join('\n')}`);
      return found;
    }, 60_000);
    trace = await eventually(async () => {
      const spans = receiver.spans.filter((span) => span.traceId === consumer.traceId);
      const services = new Set(spans.map((span) => span.service));
      for (const service of ['gateway', 'order', 'pricing', 'promotion', 'warehouse', 'workers']) {
        if (!services.has(service)) throw new Error(`no ${service} span in the trace yet (has ${[...services]})`);
      }
      return spans;
    }, 20_000);
  }, 120_000);

  it('is one trace, started by the gateway, with spans of order, pricing, promotion and warehouse', () => {
    expect(receiver.refused).toEqual([]);
    const roots = trace.filter((span) => span.parentSpanId === '');
    expect(roots.map((span) => [span.service, span.kind])).toEqual([['gateway', SERVER]]);
    // Apollo Gateway's own spans (its query plan and fetches) are part of it.
    expect(trace.some((span) => span.service === 'gateway' && span.scope === 'apollo/gateway-js')).toBe(true);
  });

  it('crosses each hop as a W3C traceparent: each callee serves the request as a child of its caller', () => {
    const servedBy = (service: string) => trace.filter((span) => span.service === service && span.kind === SERVER);
    for (const [callee, caller] of [
      ['order', 'gateway'],
      ['pricing', 'order'],
      ['promotion', 'order'],
      ['warehouse', 'order'],
    ] as const) {
      const served = servedBy(callee);
      expect(served.length, `${callee} served no request in the trace`).toBeGreaterThan(0);
      for (const span of served) expect(parentOf(span)?.service, `${callee} ← ${caller}`).toBe(caller);
    }
  });

  it("leaves its trace context on the outbox row, and the warehouse consumer's span is its child and links to it", async () => {
    const rows = await sql('order').query<{ traceContext: { traceparent?: string } | null }>(
      `SELECT trace_context AS "traceContext" FROM outbox_event WHERE aggregate_id = $1 AND type = 'OrderPlaced'`,
      [orderId],
    );
    expect(rows.rows[0]?.traceContext?.traceparent).toMatch(new RegExp(`^00-${consumer.traceId}-[0-9a-f]{16}-01$`));
    const writer = parentOf(consumer);
    expect(writer?.service).toBe('order');
    expect(rows.rows[0]?.traceContext?.traceparent).toContain(writer?.spanId);
    expect(consumer.links).toEqual([{ traceId: consumer.traceId, spanId: writer?.spanId }]);
    // The relay's pass that published the row is a trace of its own, linked to the same span.
    const relay = receiver.spans.find(
      (span) =>
        span.service === 'workers' &&
        span.kind === PRODUCER &&
        span.name === 'outbox publish order' &&
        span.links.some((link) => link.spanId === writer?.spanId),
    );
    expect(relay?.traceId).not.toBe(consumer.traceId);
    // The consumer's own database work is under its span.
    expect(
      trace.some((span) => span.service === 'workers' && span.scope === 'prisma' && span.parentSpanId !== ''),
    ).toBe(true);
  });

  it('has spans from every instrumentation, patched under ESM', () => {
    const scopes = new Set(trace.map((span) => span.scope));
    for (const scope of [
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-graphql',
      '@opentelemetry/instrumentation-pg',
      // The gateway's rate limits count in Redis.
      '@opentelemetry/instrumentation-ioredis',
      'prisma',
      'apollo/gateway-js',
    ]) {
      expect(scopes, scope).toContain(scope);
    }
  });

  it('holds the database queries of the subgraphs, from Prisma and from pg', () => {
    const orderSpans = trace.filter((span) => span.service === 'order');
    const pg = orderSpans.filter((span) => span.scope === '@opentelemetry/instrumentation-pg');
    const prisma = orderSpans.filter((span) => span.scope === 'prisma');
    expect(pg.length).toBeGreaterThan(0);
    expect(prisma.length).toBeGreaterThan(0);
    for (const span of [...pg, ...prisma]) expect(parentOf(span), span.name).toBeDefined();
    expect(
      pg.some(
        (span) =>
          typeof span.attributes['db.query.text'] === 'string' || typeof span.attributes['db.statement'] === 'string',
      ),
    ).toBe(true);
  });
});
