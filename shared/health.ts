/**
 * One health format for every service, so one probe configuration and one dashboard fit all:
 *   GET /health/live  → 200 { status: "ok", service, version, uptimeSeconds }
 *   GET /health/ready → 200 | 503 { status, service, checks: { <name>: { status, latencyMs, error? } } }
 */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) otherwise. */
  check: () => Promise<unknown>;
}

export interface LivenessReport {
  status: 'ok';
  service: string;
  version: string;
  uptimeSeconds: number;
}

export interface CheckResult {
  status: 'ok' | 'error';
  latencyMs: number;
  error?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  service: string;
  checks: Record<string, CheckResult>;
}

const startedAt = Date.now();

export function liveness(service: string, version: string): LivenessReport {
  return { status: 'ok', service, version, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'error',
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs all checks in parallel, each bounded by a timeout so a hung dependency cannot hang the probe. */
export async function readiness(
  service: string,
  checks: readonly ReadinessCheck[],
  timeoutMs = 2000,
): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => runCheck(check, timeoutMs)));
  const report: ReadinessReport = { status: 'ok', service, checks: {} };
  checks.forEach((check, index) => {
    const result = results[index] as CheckResult;
    report.checks[check.name] = result;
    if (result.status === 'error') report.status = 'unavailable';
  });
  return report;
}
