/**
 * Where a process spent its CPU, from the .cpuprofile files Node's sampling profiler writes
 * (`node --cpu-prof`; the same format as Chrome DevTools'): each sample names the function on
 * top of the stack, so a function's self time is the time of the samples that caught it running.
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  /** Microseconds. */
  startTime: number;
  endTime: number;
  /** The node on top of the stack, per sample. */
  samples: number[];
  /** Microseconds from the previous sample (the first: from startTime). */
  timeDeltas: number[];
}

export interface SelfCost {
  functionName: string;
  /** url:line (1-based), or the pseudo-frame's name's empty location. */
  location: string;
  selfMs: number;
  /** Of the busy time: every sample but those of "(idle)". */
  percent: number;
}

export interface TopCosts {
  profiles: number;
  /** Sampled time not idle, in ms. */
  busyMs: number;
  /** All sampled time, in ms. */
  sampledMs: number;
  top: SelfCost[];
}

/** Waiting for I/O or timers: not a cost. */
const IDLE = '(idle)';

/** file:///repo/dist/x.js → dist/x.js when under `root`; other URLs (node:internal…) as they are. */
export function shortenUrl(url: string, root?: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (root && path.startsWith(`${root.replace(/\/$/, '')}/`)) return path.slice(root.replace(/\/$/, '').length + 1);
  return path;
}

/**
 * Sample i lasts until sample i + 1 (DevTools' reading): its duration is the next time delta;
 * the last lasts until the profile's end.
 */
function sampleTimes(profile: CpuProfile): { at: number; duration: number }[] {
  let at = profile.startTime;
  const times = profile.timeDeltas.map((delta) => {
    at += delta;
    return at;
  });
  return times.map((time, i) => ({ at: time, duration: Math.max(0, (times[i + 1] ?? profile.endTime) - time) }));
}

export interface TopCostsOptions {
  /** How many functions. @defaultValue 10 */
  count?: number;
  /** Paths under this folder are shown relative to it. */
  root?: string;
  /**
   * Leave out each profile's first milliseconds: a profile starts with the process, and in a
   * short run loading modules would otherwise crowd out the work being measured.
   */
  skipMs?: number;
}

/**
 * The `count` functions with the most self time over all these profiles (several files of one
 * process, e.g. before and after a restart, add up). Functions are told apart by name and
 * place; the same function in two profiles counts once.
 */
export function topSelfCosts(profiles: readonly CpuProfile[], options: TopCostsOptions = {}): TopCosts {
  const { count = 10, root, skipMs = 0 } = options;
  const costs = new Map<string, { functionName: string; location: string; micros: number }>();
  let sampled = 0;
  let idle = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const times = sampleTimes(profile);
    const from = profile.startTime + skipMs * 1000;
    profile.samples.forEach((id, i) => {
      const time = times[i];
      if (!time || time.at < from) return;
      const micros = time.duration;
      const frame = nodes.get(id)?.callFrame;
      sampled += micros;
      if (!frame) return;
      if (frame.functionName === IDLE) {
        idle += micros;
        return;
      }
      const functionName = frame.functionName || '(anonymous)';
      const location = frame.url ? `${shortenUrl(frame.url, root)}:${frame.lineNumber + 1}` : '';
      const key = `${functionName}\u0000${location}`;
      const cost = costs.get(key) ?? { functionName, location, micros: 0 };
      cost.micros += micros;
      costs.set(key, cost);
    });
  }
  const busy = sampled - idle;
  const top = [...costs.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, count)
    .map(({ functionName, location, micros }) => ({
      functionName,
      location,
      selfMs: micros / 1000,
      percent: busy > 0 ? (100 * micros) / busy : 0,
    }));
  return { profiles: profiles.length, busyMs: busy / 1000, sampledMs: sampled / 1000, top };
}
