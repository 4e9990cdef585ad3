import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `engines` is a promise to whoever installs the package: every Node release line it admits must
 * be one CI runs tests on, the newest of them with the whole suite, and the image must ship that
 * newest line, so what runs in production is what the whole suite ran on.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function admittedLines(range: string): number[] {
  return range.split('||').map((part) => {
    const major = /^\s*\^(\d+)\.\d+\.\d+\s*$/.exec(part)?.[1];
    if (!major) throw new Error(`engines.node part "${part}" is not a caret range of one release line`);
    return Number(major);
  });
}

function linesCiRuns(script: string): number[] {
  const list = /^NODE_LINES=\(([^)]*)\)$/m.exec(script)?.[1];
  if (!list) throw new Error('.ci/run declares no NODE_LINES');
  return list.trim().split(/\s+/).map(Number);
}

describe('the Node release lines', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const ciLines = linesCiRuns(read('.ci/run'));

  it('admitted by engines are exactly those CI runs, newest first', () => {
    expect([...admittedLines(engines)].sort((a, b) => b - a)).toEqual(ciLines);
    expect(ciLines).toEqual([...ciLines].sort((a, b) => b - a));
  });

  it('give the newest LTS line the whole suite and the image', () => {
    const newest = ciLines[0] ?? 0;
    expect(newest % 2, 'LTS lines are the even ones').toBe(0);
    expect(read('.ci/run')).toMatch(/PATH="\$\(node_dir "\$newest"\):\$PATH" npm test/);
    expect(read('Dockerfile')).toMatch(new RegExp(`^FROM node:${newest}-`, 'm'));
  });

  it('are the ones the README names', () => {
    const readme = read('README.md');
    for (const line of ciLines) expect(readme).toMatch(new RegExp(`Node[^\\n]*\\b${line}\\b`));
  });
});
