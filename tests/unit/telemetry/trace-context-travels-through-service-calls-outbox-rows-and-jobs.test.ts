import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { core, node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDomainEvent } from '../../../shared/events/envelope.js';
import { httpRequest } from '../../../shared/http-fetch.js';
import { createLogger } from '../../../shared/logger.js';
import {
  contextFromCarrier,
  currentTraceContext,
  flushTraces,
  inConsumerSpan,
  traceHeaders,
  untraced,
} from '../../../shared/telemetry/propagation.js';
import { outboxRowToEvent } from '../../../workers/src/outbox-rows.js';

/**
 * The hops no instrumentation sees, with the SDK's real tracer, context manager and W3C
 * propagator registered as a traced process has them (only the exporter keeps spans in memory).
 */
const exporter = new tracing.InMemorySpanExporter();
// As a service batches them: exported every minute here, or when flushed.
const batched = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({
  spanProcessors: [
    new tracing.SimpleSpanProcessor(exporter),
    new tracing.BatchSpanProcessor(batched, { scheduledDelayMillis: 60_000 }),
  ],
});
const tracer = trace.getTracer('test');

beforeAll(() => provider.register());
afterEach(() => {
  exporter.reset();
  batched.reset();
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

const row = (traceContext: unknown) => ({
  position: 1n,
  id: '01JTRACE0000000000000000001',
  type: 'OrderPlaced',
  aggregateType: 'Order',
  aggregateId: '01JORDER000000000000000001',
  aggregateVersion: 1,
  payload: { orderId: '01JORDER000000000000000001' },
  correlationId: 'req-1',
  traceContext,
  occurredAt: new Date('2026-01-02T03:04:05.000Z'),
});

describe('a call to another service', () => {
  it('carries the active span as a W3C traceparent the callee reads back as the same span', () => {
    tracer.startActiveSpan('request', (span) => {
      const headers = traceHeaders();
      const [, traceId, spanId] = TRACEPARENT.exec(headers.traceparent ?? '') ?? [];
      expect(traceId).toBe(span.spanContext().traceId);
      expect(spanId).toBe(span.spanContext().spanId);
      const remote = trace.getSpanContext(contextFromCarrier(headers));
      expect(remote).toMatchObject({ traceId, spanId, isRemote: true });
      span.end();
    });
  });

  it("is sent by the services' own HTTP client itself, whether node:http is instrumented or not", async () => {
    const received: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      received.push(request.headers);
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    try {
      const span = tracer.startSpan('gateway.fetch');
      await context.with(trace.setSpan(context.active(), span), () => httpRequest(url, { method: 'POST', body: '{}' }));
      span.end();
      await httpRequest(url, { method: 'POST', body: '{}' });
      expect(received[0]?.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      expect(received[1]).not.toHaveProperty('traceparent');
    } finally {
      server.close();
    }
  });

  it('carries nothing outside a trace', () => {
    expect(traceHeaders()).toEqual({});
    expect(currentTraceContext()).toBeNull();
  });
});

describe('an outbox row', () => {
  it('keeps the context of the transaction that wrote it, through the job to the consumer', () => {
    tracer.startActiveSpan('placeOrder', (span) => {
      const stored = currentTraceContext();
      expect(stored?.traceparent).toMatch(TRACEPARENT);
      // What the relay publishes and the consumer parses, as the job's data crosses Redis.
      const event = parseDomainEvent(JSON.parse(JSON.stringify(outboxRowToEvent(row(stored)))));
      expect(event.traceContext).toEqual(stored);
      expect(trace.getSpanContext(contextFromCarrier(event.traceContext))?.spanId).toBe(span.spanContext().spanId);
      span.end();
    });
  });

  it('written outside a trace, or holding anything but text fields, gives an event without one', () => {
    expect(outboxRowToEvent(row(null))).not.toHaveProperty('traceContext');
    expect(outboxRowToEvent(row({ traceparent: 7 }))).not.toHaveProperty('traceContext');
    expect(outboxRowToEvent(row(['00-abc']))).not.toHaveProperty('traceContext');
    expect(trace.getSpanContext(contextFromCarrier({ traceparent: 'not a traceparent' }))).toBeUndefined();
  });
});

describe("a consumer's span", () => {
  it('is a child of the span that wrote the event, and links to it', async () => {
    const producer = tracer.startSpan('placeOrder');
    const carrier = traceHeaders(trace.setSpan(context.active(), producer));
    producer.end();
    const result = await inConsumerSpan(
      'warehouse consume OrderPlaced',
      carrier,
      { 'event.type': 'OrderPlaced' },
      async () => trace.getActiveSpan()?.spanContext().traceId,
    );
    expect(result).toBe(producer.spanContext().traceId);
    const consumer = exporter.getFinishedSpans().find((span) => span.name === 'warehouse consume OrderPlaced');
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumer?.links.map((link) => link.context.spanId)).toEqual([producer.spanContext().spanId]);
    expect(consumer?.attributes['event.type']).toBe('OrderPlaced');
  });

  it('records a failure and passes it on', async () => {
    await expect(
      inConsumerSpan('warehouse consume OrderPaid', {}, {}, async () => {
        throw new Error('out of order');
      }),
    ).rejects.toThrow('out of order');
    const [consumer] = exporter.getFinishedSpans();
    expect(consumer?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'out of order' });
    // An event written outside a trace starts one of its own, linked to nothing.
    expect(consumer?.parentSpanContext).toBeUndefined();
    expect(consumer?.links).toEqual([]);
  });
});

describe('an untraced poll', () => {
  it('makes no span, as the SDK reads its context', async () => {
    const suppressed = await untraced(async () => {
      tracer.startActiveSpan('poll', (span) => span.end());
      return core.isTracingSuppressed(context.active());
    });
    expect(suppressed).toBe(true);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('a service that ends', () => {
  it('exports the spans still in its batch first', async () => {
    tracer.startSpan('last request').end();
    const exported = () => batched.getFinishedSpans().map((span) => span.name);
    expect(exported()).not.toContain('last request');
    await flushTraces();
    expect(exported()).toContain('last request');
  });
});

/** A logger whose lines are kept, parsed, in `lines`. */
function loggerWithLines() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('order', { logLevel: 'info' }, destination) };
}

describe('a log line', () => {
  it('names the trace and span it was written in, and nothing outside one', () => {
    const { lines, logger } = loggerWithLines();
    logger.info('outside');
    let ids: { traceId: string; spanId: string } | undefined;
    tracer.startActiveSpan('request', (span) => {
      ids = span.spanContext();
      logger.info('inside');
      span.end();
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ msg: 'inside', service: 'order', trace_id: ids?.traceId, span_id: ids?.spanId });
  });

  it("keeps a line's own fields, line after line, outside a trace as inside one", () => {
    const { lines, logger } = loggerWithLines();
    logger.warn({ requestId: 'wh-1', outcome: 'SIGNATURE_MISSING' }, 'refused');
    logger.warn({ requestId: 'wh-2' }, 'refused again');
    tracer.startActiveSpan('request', (span) => {
      logger.warn({ requestId: 'wh-3' }, 'inside');
      span.end();
    });
    expect(lines.map((line) => line.requestId)).toEqual(['wh-1', 'wh-2', 'wh-3']);
    expect(lines[1]).not.toHaveProperty('outcome');
  });
});
