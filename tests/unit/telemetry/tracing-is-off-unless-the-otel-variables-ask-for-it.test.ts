import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../../shared/package-info.js';
import { readTelemetrySettings, serviceNameFromEntry } from '../../../shared/telemetry/settings.js';

const run = promisify(execFile);

describe('the OTEL_* variables', () => {
  it('leave tracing off when none is set', () => {
    expect(readTelemetrySettings({})).toEqual({ settings: { enabled: false }, problems: [] });
  });

  it('turn it on with an OTLP endpoint or an exporter, and off again with OTEL_SDK_DISABLED or none', () => {
    const enabled = (env: Record<string, string>) => readTelemetrySettings(env).settings.enabled;
    expect(enabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(enabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(enabled({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(enabled({ OTEL_TRACES_EXPORTER: 'console, otlp' })).toBe(true);
    expect(enabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' })).toBe(false);
    expect(enabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    // A protocol alone says how to export, not that anything should be.
    expect(enabled({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SDK_DISABLED: 'false' })).toBe(false);
    expect(enabled({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
  });

  it('name every bad variable', () => {
    const { settings, problems } = readTelemetrySettings({
      OTEL_SDK_DISABLED: 'yes',
      OTEL_TRACES_EXPORTER: 'jaeger',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http',
    });
    expect(settings.enabled).toBe(false);
    expect(problems).toEqual([
      'OTEL_SDK_DISABLED must be true or false',
      'OTEL_TRACES_EXPORTER must list only otlp, console, none',
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL',
      'OTEL_EXPORTER_OTLP_PROTOCOL must be one of grpc, http/protobuf, http/json',
    ]);
    expect(readTelemetrySettings({ OTEL_TRACES_EXPORTER: 'none,otlp' }).problems).toEqual([
      'OTEL_TRACES_EXPORTER must not list none with another exporter',
    ]);
  });
});

describe('service.name', () => {
  it('is the process the entry point starts, from source or compiled', () => {
    expect(serviceNameFromEntry('/app/subgraphs/order/src/main.ts')).toBe('order');
    expect(serviceNameFromEntry('/app/dist/subgraphs/warehouse/src/main.js')).toBe('warehouse');
    expect(serviceNameFromEntry('/app/dist/gateway/src/main.js')).toBe('gateway');
    expect(serviceNameFromEntry('/app/workers/src/main.ts', { OTEL_SERVICE_NAME: 'other' })).toBe('workers');
    expect(serviceNameFromEntry('/app/scripts/tool.ts', { OTEL_SERVICE_NAME: 'tool' })).toBe('tool');
    expect(serviceNameFromEntry(undefined)).toBeUndefined();
  });
});

describe('a process started with the telemetry preload', () => {
  const probe = (env: Record<string, string>) =>
    run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        join(REPOSITORY_ROOT, 'shared/telemetry/preload.ts'),
        join(REPOSITORY_ROOT, 'tests/support/telemetry-probe.ts'),
      ],
      { cwd: REPOSITORY_ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
    );

  it('without OTEL variables loads no SDK and registers nothing: every span is a no-op', async () => {
    const { stdout } = await probe({});
    expect(JSON.parse(stdout)).toEqual({ registered: [], recording: false, sdkLoaded: false });
  });

  it('asked for traces, registers the SDK before the entry point runs', async () => {
    const { stdout } = await probe({ OTEL_TRACES_EXPORTER: 'console' });
    expect(JSON.parse(stdout)).toEqual({
      registered: ['context', 'propagation', 'trace'],
      recording: true,
      sdkLoaded: true,
    });
  });

  it('stops with the bad variable named', async () => {
    const failed = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'nowhere' }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL');
  });
});
