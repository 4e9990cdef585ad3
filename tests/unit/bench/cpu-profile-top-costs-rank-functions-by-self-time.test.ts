import { describe, expect, it } from 'vitest';
import { type CpuProfile, shortenUrl, topSelfCosts } from '../../../scripts/bench/cpu-profile.js';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber, columnNumber: 0 });

/** A tiny profile: root → handle → (parse, hash); samples 1 ms apart, then idle. */
function profile(): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('handle', 'file:///repo/dist/gateway/src/handle.js', 9) },
      { id: 3, callFrame: frame('parse', 'node:internal/json', 0) },
      { id: 4, callFrame: frame('', 'file:///repo/dist/shared/hash.js', 41) },
      { id: 5, callFrame: frame('(idle)') },
      { id: 6, callFrame: frame('(garbage collector)') },
    ],
    startTime: 0,
    // Samples at 1, 2, … 8 ms; each lasts until the next; the last until the end at 10 ms.
    samples: [2, 3, 3, 4, 4, 4, 6, 5],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    endTime: 10_000,
  };
}

describe('the top self-time functions of CPU profiles', () => {
  it('gives each function the time of the samples that caught it on top, leaving idle time out', () => {
    const costs = topSelfCosts([profile()], { root: '/repo' });
    expect(costs.sampledMs).toBe(9);
    // Idle: the last sample, from 8 ms to the end at 10 ms.
    expect(costs.busyMs).toBe(7);
    expect(costs.top).toEqual([
      { functionName: '(anonymous)', location: 'dist/shared/hash.js:42', selfMs: 3, percent: (100 * 3) / 7 },
      { functionName: 'parse', location: 'node:internal/json:1', selfMs: 2, percent: (100 * 2) / 7 },
      { functionName: 'handle', location: 'dist/gateway/src/handle.js:10', selfMs: 1, percent: 100 / 7 },
      { functionName: '(garbage collector)', location: '', selfMs: 1, percent: 100 / 7 },
    ]);
  });

  it('adds up the profiles of one process and keeps only the largest', () => {
    const costs = topSelfCosts([profile(), profile()], { count: 2, root: '/repo' });
    expect(costs.profiles).toBe(2);
    expect(costs.busyMs).toBe(14);
    expect(costs.top.map((cost) => [cost.functionName, cost.selfMs])).toEqual([
      ['(anonymous)', 6],
      ['parse', 4],
    ]);
  });

  it('can leave out the first milliseconds of each profile, the process starting up', () => {
    // Samples at 1 to 4 ms are left out: handle, both parse samples and the first hash sample.
    const costs = topSelfCosts([profile()], { root: '/repo', skipMs: 4.5 });
    expect(costs.sampledMs).toBe(5);
    expect(costs.top.map((cost) => [cost.functionName, cost.selfMs])).toEqual([
      ['(anonymous)', 2],
      ['(garbage collector)', 1],
    ]);
  });

  it('has nothing to rank in an empty profile', () => {
    const empty: CpuProfile = { nodes: [], startTime: 0, endTime: 0, samples: [], timeDeltas: [] };
    expect(topSelfCosts([empty])).toEqual({ profiles: 1, busyMs: 0, sampledMs: 0, top: [] });
  });

  it('shows paths inside the repository relative to it', () => {
    expect(shortenUrl('file:///repo/dist/a%20b.js', '/repo')).toBe('dist/a b.js');
    expect(shortenUrl('file:///elsewhere/x.js', '/repo')).toBe('/elsewhere/x.js');
    expect(shortenUrl('node:internal/timers', '/repo')).toBe('node:internal/timers');
  });
});
