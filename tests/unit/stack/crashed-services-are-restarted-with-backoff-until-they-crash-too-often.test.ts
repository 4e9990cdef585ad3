import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY, decideRestart } from '../../../scripts/stack/supervisor.js';

const policy = { initialDelayMs: 500, maxDelayMs: 10_000, maxCrashes: 5, windowMs: 60_000 };

describe('restarting a crashed service', () => {
  it('restarts after the first crash without a long wait', () => {
    expect(decideRestart([1_000], 1_000, policy)).toEqual({ action: 'restart', delayMs: 500 });
  });

  it('doubles the wait with each crash in the window', () => {
    expect(decideRestart([0, 1_000], 1_000, policy)).toEqual({ action: 'restart', delayMs: 1_000 });
    expect(decideRestart([0, 1_000, 2_000], 2_000, policy)).toEqual({ action: 'restart', delayMs: 2_000 });
    expect(decideRestart([0, 1_000, 2_000, 3_000], 3_000, policy)).toEqual({ action: 'restart', delayMs: 4_000 });
  });

  it('never waits longer than the longest delay', () => {
    const wide = { ...policy, maxCrashes: 100 };
    const crashes = Array.from({ length: 20 }, (_, i) => i * 100);
    expect(decideRestart(crashes, 2_000, wide)).toEqual({ action: 'restart', delayMs: 10_000 });
  });

  it('gives up on a service that crashes five times within a minute', () => {
    expect(decideRestart([0, 10_000, 20_000, 30_000, 40_000], 40_000, policy)).toEqual({
      action: 'give-up',
      crashes: 5,
    });
  });

  it('forgets crashes older than the window, so a rare crash is restarted promptly', () => {
    expect(decideRestart([0, 10_000, 20_000, 30_000, 200_000], 200_000, policy)).toEqual({
      action: 'restart',
      delayMs: 500,
    });
  });

  it('gives up after five crashes within a minute by default', () => {
    expect(DEFAULT_RESTART_POLICY).toMatchObject({ maxCrashes: 5, windowMs: 60_000 });
  });
});
