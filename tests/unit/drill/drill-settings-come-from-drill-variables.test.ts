import { describe, expect, it } from 'vitest';
import { DEFAULT_DRILL_SETTINGS, parseDrillSettings } from '../../../scripts/drill/settings.js';

describe('drill settings', () => {
  it('runs every drill with the defaults when nothing is set', () => {
    expect(parseDrillSettings({})).toEqual({ settings: DEFAULT_DRILL_SETTINGS, problems: [] });
    expect(DEFAULT_DRILL_SETTINGS.parts).toEqual(['order', 'warehouse', 'workers', 'redis']);
  });

  it('reads the parts, rate and durations', () => {
    const { settings, problems } = parseDrillSettings({
      DRILLS: 'redis, order',
      DRILL_RATE: '8',
      DRILL_BASELINE_SECONDS: '4',
      DRILL_AFTER_SECONDS: '2.5',
      DRILL_RECOVERY_TIMEOUT_SECONDS: '30',
      DRILL_DRAIN_TIMEOUT_SECONDS: '45',
      DRILL_MAX_IN_FLIGHT: '50',
      DRILL_REDIS_DURABLE: 'off',
    });
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      parts: ['redis', 'order'],
      ratePerSecond: 8,
      baselineSeconds: 4,
      afterSeconds: 2.5,
      recoveryTimeoutSeconds: 30,
      drainTimeoutSeconds: 45,
      maxInFlight: 50,
      redisDurable: false,
    });
  });

  it('names every bad value', () => {
    const { problems } = parseDrillSettings({
      DRILLS: 'order,gateway',
      DRILL_RATE: '0',
      DRILL_MAX_IN_FLIGHT: '2.5',
      DRILL_REDIS_DURABLE: 'yes',
    });
    expect(problems).toEqual([
      'DRILLS: unknown part "gateway" (known: order, warehouse, workers, redis)',
      'DRILL_REDIS_DURABLE must be on or off, got "yes"',
      'DRILL_RATE must be a positive number up to 100, got "0"',
      'DRILL_MAX_IN_FLIGHT must be a positive whole number up to 10000, got "2.5"',
    ]);
  });
});
