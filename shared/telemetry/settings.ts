import { z } from 'zod';

/**
 * Whether a process traces, from the standard OpenTelemetry variables. Read by the preload
 * (preload.ts) before anything else is imported, so it depends on zod alone: shared/config.ts
 * pulls in graphql and express, which must be loaded after the instrumentations are in place.
 */
export type TelemetryEnv = Record<string, string | undefined>;

export interface TelemetrySettings {
  /** On only when an exporter or an OTLP endpoint is asked for and the SDK is not disabled. */
  enabled: boolean;
}

const TRACE_EXPORTERS = ['otlp', 'console', 'none'] as const;
const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;

const booleanFlag = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }));
const exporterList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(TRACE_EXPORTERS, { error: `must list only ${TRACE_EXPORTERS.join(', ')}` })))
  .refine((names) => !(names.includes('none') && names.length > 1), 'must not list none with another exporter');
const protocol = z.enum(OTLP_PROTOCOLS, { error: `must be one of ${OTLP_PROTOCOLS.join(', ')}` });
const endpoint = z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' });

const SCHEMAS = {
  OTEL_SDK_DISABLED: booleanFlag,
  OTEL_TRACES_EXPORTER: exporterList,
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol,
} as const;

/** Reads the variables; every bad one is named in `problems` (and tracing stays off). */
export function readTelemetrySettings(env: TelemetryEnv): { settings: TelemetrySettings; problems: string[] } {
  const problems: string[] = [];
  const values: Partial<{ [K in keyof typeof SCHEMAS]: z.output<(typeof SCHEMAS)[K]> }> = {};
  for (const [name, schema] of Object.entries(SCHEMAS) as [keyof typeof SCHEMAS, z.ZodType][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) (values as Record<string, unknown>)[name] = parsed.data;
    else problems.push(`${name} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  if (problems.length > 0) return { settings: { enabled: false }, problems };
  const disabled = values.OTEL_SDK_DISABLED === 'true';
  const exporters = values.OTEL_TRACES_EXPORTER;
  const endpointSet =
    values.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || values.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined;
  // The SDK's own default is an OTLP exporter to localhost; here nothing is exported unless asked.
  const asked = exporters === undefined ? endpointSet : !exporters.includes('none');
  return { settings: { enabled: !disabled && asked }, problems };
}

/**
 * The service a process is, from its entry point (source or compiled): `service.name` of its
 * spans. Every process of a stack shares one environment, so OTEL_SERVICE_NAME cannot tell them
 * apart; it is used only for an entry point that is none of ours.
 */
export function serviceNameFromEntry(entry: string | undefined, env: TelemetryEnv = {}): string | undefined {
  const path = (entry ?? '').replaceAll('\\', '/');
  const subgraph = /(?:^|\/)subgraphs\/([a-z]+)\/src\/main\.[cm]?[jt]s$/.exec(path);
  if (subgraph) return subgraph[1];
  const process = /(?:^|\/)(gateway|workers)\/src\/main\.[cm]?[jt]s$/.exec(path);
  if (process) return process[1];
  return env.OTEL_SERVICE_NAME?.trim() || undefined;
}
