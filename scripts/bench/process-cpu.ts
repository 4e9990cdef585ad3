import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (almost always 100 on Linux). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime: its own CPU and that of children it has reaped. */
  ticks: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    return { ppid: Number(fields[1]), ticks };
  } catch {
    return undefined; // Exited while we were reading, or not Linux.
  }
}

/**
 * CPU seconds used so far by these processes and all their descendants, read from /proc. Used
 * for PostgreSQL (a postmaster and one backend per connection) and Redis, which have no
 * /metrics of their own. Undefined when /proc is not there (not Linux) or no root is running.
 */
export function processTreeCpuSeconds(rootPids: readonly number[]): number | undefined {
  return processTreesCpuSeconds({ all: rootPids }).all;
}

/**
 * The same for several named groups of process trees at once, from one pass over /proc (a
 * dozen separate passes would cost the measuring client more than the reading is worth). A
 * process below roots of two groups counts for the group of its nearest root. A group none of
 * whose roots is running is undefined.
 */
export function processTreesCpuSeconds<Name extends string>(
  groups: Readonly<Record<Name, readonly number[]>>,
): Record<Name, number | undefined> {
  const names = Object.keys(groups) as Name[];
  const none = () => Object.fromEntries(names.map((name) => [name, undefined])) as Record<Name, number | undefined>;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return none();
  }
  const stats = new Map<number, ProcStat>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) stats.set(Number(pid), stat);
  }
  const groupOfRoot = new Map<number, Name>();
  for (const name of names) for (const pid of groups[name]) if (stats.has(pid)) groupOfRoot.set(pid, name);

  const groupOf = (pid: number): Name | undefined => {
    for (let current: number | undefined = pid; current && current > 1; current = stats.get(current)?.ppid) {
      const group = groupOfRoot.get(current);
      if (group) return group;
    }
    return undefined;
  };
  const ticks = none();
  for (const name of new Set(groupOfRoot.values())) ticks[name] = 0;
  for (const [pid, stat] of stats) {
    const group = groupOf(pid);
    if (group) ticks[group] = (ticks[group] ?? 0) + stat.ticks;
  }
  for (const name of names) {
    const value = ticks[name];
    if (value !== undefined) ticks[name] = value / ticksPerSecond;
  }
  return ticks;
}
