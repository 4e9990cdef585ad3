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
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcStat>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) stats.set(Number(pid), stat);
  }
  const roots = new Set(rootPids.filter((pid) => stats.has(pid)));
  if (roots.size === 0) return undefined;

  const inTree = (pid: number): boolean => {
    for (let current: number | undefined = pid; current && current > 1; current = stats.get(current)?.ppid) {
      if (roots.has(current)) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) ticks += stat.ticks;
  return ticks / ticksPerSecond;
}
