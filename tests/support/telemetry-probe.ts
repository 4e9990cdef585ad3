import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';

/**
 * Run as a process's entry point after the telemetry preload (shared/telemetry/preload.ts):
 * prints what the preload set up — the OpenTelemetry API's registered globals, whether a span
 * records, and whether the SDK was loaded at all.
 */
const registry = (globalThis as Record<symbol, Record<string, unknown> | undefined>)[
  Symbol.for('opentelemetry.js.api.1')
];
const span = trace.getTracer('probe').startSpan('probe');
const loaded = Object.keys(createRequire(import.meta.url).cache);
process.stdout.write(
  JSON.stringify({
    registered: Object.keys(registry ?? {})
      .filter((key) => key !== 'version')
      .sort(),
    recording: span.isRecording(),
    sdkLoaded: loaded.some((path) => path.includes('@opentelemetry/sdk-node')),
  }),
);
span.end();
process.exit(0);
