/**
 * `npx tsx scripts/bench/top-costs.ts <dir>`: the ten functions with the most self time in each
 * process, from the CPU profiles a run with BENCH_CPU_PROFILE=<dir> left behind
 * (<dir>/<service>/*.cpuprofile; profiles straight in <dir> are reported as one process too).
 * Optional second argument: how many functions per process (default 10).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { type CpuProfile, topSelfCosts } from './cpu-profile.js';
import { renderTable } from './table.js';

const [dirArgument, countArgument] = process.argv.slice(2);
if (!dirArgument) {
  process.stderr.write('usage: npx tsx scripts/bench/top-costs.ts <dir of .cpuprofile files> [count]\n');
  process.exit(2);
}
const dir = resolve(dirArgument);
const count = Number(countArgument ?? 10);
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
  const costs = topSelfCosts(profiles, count, REPOSITORY_ROOT);
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
      `${costs.sampledMs.toFixed(0)} ms sampled (% = share of busy time)`,
    table,
  ].join('\n');
});
process.stdout.write(`${sections.join('\n\n')}\n`);
