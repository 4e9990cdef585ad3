/** What a failure drill run does, read from DRILL_* environment variables (README, "Failure drills"). */

/** The parts a drill kills with SIGKILL, in the order they run. */
export const DRILL_PARTS = ['order', 'warehouse', 'workers', 'redis'] as const;
export type DrillPart = (typeof DRILL_PARTS)[number];

export interface DrillSettings {
  /** Which parts are killed, one drill each, in this order (DRILLS). */
  parts: DrillPart[];
  /** Checkouts started per second, open loop (DRILL_RATE). */
  ratePerSecond: number;
  /** Seconds of load before the kill: the baseline (DRILL_BASELINE_SECONDS). */
  baselineSeconds: number;
  /** Seconds of load kept up once the drill recovered (DRILL_AFTER_SECONDS). */
  afterSeconds: number;
  /** A drill not recovered this long after its kill fails, and its load stops (DRILL_RECOVERY_TIMEOUT_SECONDS). */
  recoveryTimeoutSeconds: number;
  /** Longest wait, after the load stops, for every event to be applied (DRILL_DRAIN_TIMEOUT_SECONDS). */
  drainTimeoutSeconds: number;
  /** Checkouts running at once beyond which those falling due are dropped (DRILL_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /**
   * Redis appends every write to its log, as `npm start` and production run it (DRILL_REDIS_DURABLE=on);
   * off, a killed Redis comes back empty, as a throwaway one would.
   */
  redisDurable: boolean;
}

export const DEFAULT_DRILL_SETTINGS: DrillSettings = {
  parts: [...DRILL_PARTS],
  ratePerSecond: 5,
  baselineSeconds: 20,
  afterSeconds: 10,
  recoveryTimeoutSeconds: 90,
  drainTimeoutSeconds: 120,
  maxInFlight: 200,
  redisDurable: true,
};

type Env = Record<string, string | undefined>;

/**
 * Reads the settings; every bad value is one line of `problems` (the run stops before starting
 * anything), an unset one keeps its default.
 */
export function parseDrillSettings(env: Env): { settings: DrillSettings; problems: string[] } {
  const problems: string[] = [];
  const number = (name: string, fallback: number, options: { integer?: boolean; max: number }) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || value > options.max || (options.integer && !Number.isInteger(value))) {
      problems.push(
        `${name} must be a positive ${options.integer ? 'whole ' : ''}number up to ${options.max}, got "${raw}"`,
      );
      return fallback;
    }
    return value;
  };
  let parts = [...DEFAULT_DRILL_SETTINGS.parts];
  const rawParts = env.DRILLS?.trim();
  if (rawParts) {
    const named = rawParts.split(',').map((part) => part.trim());
    const unknown = named.filter((part) => !(DRILL_PARTS as readonly string[]).includes(part));
    if (unknown.length > 0)
      problems.push(`DRILLS: unknown part "${unknown.join('", "')}" (known: ${DRILL_PARTS.join(', ')})`);
    else parts = [...new Set(named as DrillPart[])];
  }
  const defaults = DEFAULT_DRILL_SETTINGS;
  const rawDurable = env.DRILL_REDIS_DURABLE?.trim();
  if (rawDurable && rawDurable !== 'on' && rawDurable !== 'off')
    problems.push(`DRILL_REDIS_DURABLE must be on or off, got "${rawDurable}"`);
  const settings: DrillSettings = {
    parts,
    ratePerSecond: number('DRILL_RATE', defaults.ratePerSecond, { max: 100 }),
    baselineSeconds: number('DRILL_BASELINE_SECONDS', defaults.baselineSeconds, { max: 600 }),
    afterSeconds: number('DRILL_AFTER_SECONDS', defaults.afterSeconds, { max: 600 }),
    recoveryTimeoutSeconds: number('DRILL_RECOVERY_TIMEOUT_SECONDS', defaults.recoveryTimeoutSeconds, { max: 600 }),
    drainTimeoutSeconds: number('DRILL_DRAIN_TIMEOUT_SECONDS', defaults.drainTimeoutSeconds, { max: 1800 }),
    maxInFlight: number('DRILL_MAX_IN_FLIGHT', defaults.maxInFlight, { integer: true, max: 10_000 }),
    redisDurable: rawDurable === undefined || rawDurable === '' ? defaults.redisDurable : rawDurable !== 'off',
  };
  return { settings, problems };
}
