/**
 * `npx tsx scripts/bench/top-costs.ts <dir>`: the ten functions with the most self time in each
 * process, from the CPU profiles a run with BENCH_CPU_PROFILE=<dir> left behind
 * (<dir>/<service>/*.cpuprofile; profiles straight in <dir> are reported as one process too).
 * Options: --count=<n> functions per process (default 10); --skip=<seconds> leaves out each
 * profile's first seconds, i.e. the process starting up and loading its modules (default 0).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { type CpuProfile, topSelfCosts } from './cpu-profile.js';
import { renderTable } from './table.js';

const USAGE = 'usage: npx tsx scripts/bench/top-costs.ts <dir of .cpuprofile files> [--count=10] [--skip=<seconds>]\n';
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const raw = args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`--${name} must be a number ≥ 0\n${USAGE}`);
    process.exit(2);
  }
  return value;
};
const dirArgument = args.find((arg) => !arg.startsWith('--'));
if (!dirArgument) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const dir = resolve(dirArgument);
const count = option('count', 10);
const skipSeconds = option('skip', 0);
if (!existsSync(dir) || !statSync(dir).isDirectory()) {
  process.stderr.write(`${dir} is not a directory\n`);
  process.exit(2);
}

const profilesIn = (folder: string) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(folder, name));

const processes = [
  { name: basename(dir), files: profilesIn(dir) },
  ...readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => ({ name, files: profilesIn(join(dir, name)) })),
].filter((entry) => entry.files.length > 0);

if (processes.length === 0) {
  process.stderr.write(`no .cpuprofile files in ${dir} or its folders\n`);
  process.exit(1);
}

const sections = processes.map(({ name, files }) => {
  const profiles = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const costs = topSelfCosts(profiles, { count, root: REPOSITORY_ROOT, skipMs: skipSeconds * 1000 });
  const table = renderTable(
    [
      { header: 'self ms', align: 'right' },
      { header: '%', align: 'right' },
      { header: 'function', align: 'left' },
      { header: 'where', align: 'left' },
    ],
    costs.top.map((cost) => [cost.selfMs.toFixed(0), cost.percent.toFixed(1), cost.functionName, cost.location]),
  );
  return [
    `${name}: ${costs.profiles} profile${costs.profiles === 1 ? '' : 's'}, ${costs.busyMs.toFixed(0)} ms busy of ` +
      `${costs.sampledMs.toFixed(0)} ms sampled${skipSeconds > 0 ? ` after the first ${skipSeconds} s` : ''} ` +
      '(% = share of busy time)',
    table,
  ].join('\n');
});
process.stdout.write(`${sections.join('\n\n')}\n`);
