import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  ProxyTracerProvider,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Carrying a trace across the hops no instrumentation sees: our own HTTP client's calls, outbox
 * rows and the queue jobs they become. With tracing off, the API's no-op propagator and tracer
 * answer every call here, and nothing is written or sent.
 */

/** W3C trace context as text fields: `traceparent`, and `tracestate` when there is one. */
export type TraceCarrier = Record<string, string>;

const tracer = trace.getTracer('order-flow');

/** The headers that make the callee's spans children of the active span (none when nothing is traced). */
export function traceHeaders(active: Context = context.active()): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(active, carrier);
  return carrier;
}

/** What an outbox row keeps of the transaction that wrote it: the carrier, or null outside a trace. */
export function currentTraceContext(active: Context = context.active()): TraceCarrier | null {
  const carrier = traceHeaders(active);
  return carrier.traceparent ? carrier : null;
}

/** A carrier read back from a row or a job, as a context (the root context when it holds none). */
export function contextFromCarrier(carrier: unknown): Context {
  if (!isCarrier(carrier)) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Accepts only an object of strings: a row or a job is data from elsewhere, never trusted blindly. */
export function isCarrier(value: unknown): value is TraceCarrier {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((field) => typeof field === 'string');
}

/**
 * Runs an event consumer's work in a span of its own that is a child of the span that wrote the
 * event (so it shows in the request's trace) and also links to it (so a viewer that shows links
 * finds the cause even when the consumer ran long after, or the trace was cut short).
 */
export function inConsumerSpan<T>(
  name: string,
  carrier: unknown,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const producer = contextFromCarrier(carrier);
  const cause = trace.getSpanContext(producer);
  return tracer.startActiveSpan(
    name,
    { kind: SpanKind.CONSUMER, attributes, links: cause ? [{ context: cause }] : [] },
    producer,
    (span) => finishing(span, work),
  );
}

/** Runs work in a span of its own, a root or a child of the active one. */
export function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, (span) => finishing(span, () => work(span)));
}

/**
 * The key of the SDK's suppressTracing (@opentelemetry/core), which every SDK tracer honours.
 * Named here rather than imported: the services would otherwise load the SDK's core (about 2 MB
 * per process) with tracing off. A test checks that core reads it as suppression.
 */
export const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** Runs work with tracing suppressed: a poll that usually finds nothing is not worth a trace. */
export function untraced<T>(work: () => Promise<T>): Promise<T> {
  return context.with(context.active().setValue(SUPPRESS_TRACING_KEY, true), work);
}

async function finishing<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}

/** Long enough for a collector nearby, short enough for a shutdown's grace period (5 s). */
const FLUSH_DEADLINE_MS = 2000;

/**
 * Exports the spans still waiting in the SDK's batch (up to OTEL_BSP_SCHEDULE_DELAY old), for a
 * process about to exit; with tracing off there is nothing to do. Never fails, never outlasts
 * its deadline: an unreachable collector must not hold up a shutdown.
 */
export async function flushTraces(deadlineMs = FLUSH_DEADLINE_MS): Promise<void> {
  const global = trace.getTracerProvider();
  const provider: object = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  if (!('forceFlush' in provider) || typeof provider.forceFlush !== 'function') return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.resolve(provider.forceFlush()).catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    }),
  ]);
  clearTimeout(timer);
}
