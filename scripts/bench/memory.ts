import { readFileSync } from 'node:fs';
import { renderTable } from './table.js';

/**
 * Memory of one process, from /proc/<pid>/smaps_rollup. RSS counts every page the process
 * maps, so the Node binary's code (about 45 MB, the same file in every service) is counted
 * once per process; PSS divides each shared page among the processes sharing it, so the PSS of
 * several processes adds up to what they really take together.
 */
export interface ProcessMemory {
  rssBytes: number;
  pssBytes: number;
}

function readMemory(pid: number): ProcessMemory | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
    const rss = field('Rss');
    const pss = field('Pss');
    if (!Number.isFinite(rss) || !Number.isFinite(pss)) return undefined;
    return { rssBytes: rss * 1024, pssBytes: pss * 1024 };
  } catch {
    return undefined; // Exited, or not Linux.
  }
}

/** Each named service's memory now; a service not running (or not on Linux) is left out. */
export function sampleMemory(pids: Readonly<Record<string, readonly number[]>>): Map<string, ProcessMemory> {
  const sample = new Map<string, ProcessMemory>();
  for (const [name, ids] of Object.entries(pids)) {
    let rssBytes = 0;
    let pssBytes = 0;
    for (const pid of ids) {
      const memory = readMemory(pid);
      if (!memory) continue;
      rssBytes += memory.rssBytes;
      pssBytes += memory.pssBytes;
    }
    if (rssBytes > 0) sample.set(name, { rssBytes, pssBytes });
  }
  return sample;
}

export interface MemoryReport {
  /** After start-up and a quiet pause, before any load. */
  atRest: Map<string, ProcessMemory>;
  /** After every scenario, when the run ends. */
  atEnd: Map<string, ProcessMemory> | undefined;
  /** The services counted as subgraphs in the totals. */
  subgraphs: readonly string[];
}

const megabytes = (bytes: number | undefined) => (bytes === undefined ? '-' : String(Math.round(bytes / 1048576)));

/**
 * A table of resident memory per process, at rest and at the end of the run, with the seven
 * subgraphs' total. PostgreSQL and Redis are the postmaster and the Redis server alone (their
 * per-connection backends come and go with the load).
 */
export function renderMemoryReport(report: MemoryReport): string {
  const { atRest, atEnd, subgraphs } = report;
  const names = [...atRest.keys()];
  const total = (sample: Map<string, ProcessMemory> | undefined, key: keyof ProcessMemory) =>
    sample ? subgraphs.reduce((sum, name) => sum + (sample.get(name)?.[key] ?? 0), 0) : undefined;
  const rows = names.map((name) => [
    name,
    megabytes(atRest.get(name)?.rssBytes),
    megabytes(atRest.get(name)?.pssBytes),
    megabytes(atEnd?.get(name)?.rssBytes),
    megabytes(atEnd?.get(name)?.pssBytes),
  ]);
  rows.push([
    `the ${subgraphs.length} subgraphs`,
    megabytes(total(atRest, 'rssBytes')),
    megabytes(total(atRest, 'pssBytes')),
    megabytes(total(atEnd, 'rssBytes')),
    megabytes(total(atEnd, 'pssBytes')),
  ]);
  return [
    'Memory (MB): RSS counts pages shared between processes (the Node binary) in each of them; PSS shares them out,',
    'so PSS figures add up. At rest = after start-up and a quiet pause, before any load; at end = after the run.',
    renderTable(
      [
        { header: 'process', align: 'left' },
        { header: 'RSS at rest', align: 'right' },
        { header: 'PSS at rest', align: 'right' },
        { header: 'RSS at end', align: 'right' },
        { header: 'PSS at end', align: 'right' },
      ],
      rows,
    ),
  ].join('\n');
}
