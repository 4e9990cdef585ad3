import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { CommonConfig } from './config.js';
import type { ServiceName } from './services.js';

export type { Logger };

/**
 * Structured JSON logs, one line per event, tagged with the service that wrote them (and the
 * trace they belong to). They go to standard output unless a destination is given.
 */
export function createLogger(
  service: ServiceName | string,
  config: Pick<CommonConfig, 'logLevel'>,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.logLevel,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Credentials must never reach a log line, whatever a caller passes in.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
    mixin: traceFields,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A line written inside a traced request or job names its trace, to go from a log to the trace and
 * back. A new object every time: pino merges the line's own fields into the one returned here.
 */
function traceFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext)
    ? { trace_id: spanContext.traceId, span_id: spanContext.spanId }
    : {};
}
