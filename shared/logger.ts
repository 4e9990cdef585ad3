import { type Logger, pino } from 'pino';
import type { CommonConfig } from './config.js';
import type { ServiceName } from './services.js';

export type { Logger };

/** Structured JSON logs, one line per event, tagged with the service that wrote them. */
export function createLogger(service: ServiceName | string, config: Pick<CommonConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Credentials must never reach a log line, whatever a caller passes in.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
  });
}
