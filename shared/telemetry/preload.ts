import { readTelemetrySettings, serviceNameFromEntry } from './settings.js';

/**
 * Loaded with `node --import` before a service's entry point (scripts/stack/processes.ts,
 * compose.yaml). Instrumentations patch modules as they load, and ESM modules are all loaded
 * before any of them runs, so the loader hook and the SDK must be in place before the entry point
 * is even read. With tracing off (the default) this reads a few variables and loads nothing more.
 */
const service = serviceNameFromEntry(process.argv[1], process.env) ?? 'unknown_service';
const { settings, problems } = readTelemetrySettings(process.env);
if (problems.length > 0) {
  // The same shape as every other configuration problem (shared/config.ts, exitOnConfigError).
  console.error(`${service}: Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
if (settings.enabled) {
  const { startTelemetry } = await import('./sdk.js');
  await startTelemetry(service);
}
