import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderMemoryReport, sampleMemory } from '../../../scripts/bench/memory.js';

const MB = 1048576;

describe('the benchmark memory table', () => {
  it('reads resident and proportional memory of running processes, and leaves out those gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sample = sampleMemory({ self: [process.pid], child: [child.pid as number], gone: [2 ** 22 + 1] });
      expect([...sample.keys()]).toEqual(['self', 'child']);
      const self = sample.get('self');
      const other = sample.get('child');
      // Two Node processes share the binary's pages: each one's PSS is below its RSS.
      expect(other?.pssBytes).toBeLessThan(other?.rssBytes ?? 0);
      expect(self?.rssBytes).toBeGreaterThan(10 * MB);
    } finally {
      child.kill();
    }
  });

  it('totals the subgraphs alone, at rest and at the end', () => {
    const atRest = new Map([
      ['gateway', { rssBytes: 150 * MB, pssBytes: 100 * MB }],
      ['catalog', { rssBytes: 120 * MB, pssBytes: 80 * MB }],
      ['order', { rssBytes: 130 * MB, pssBytes: 85 * MB }],
    ]);
    const atEnd = new Map([
      ['gateway', { rssBytes: 200 * MB, pssBytes: 150 * MB }],
      ['catalog', { rssBytes: 125 * MB, pssBytes: 82 * MB }],
      ['order', { rssBytes: 140 * MB, pssBytes: 90 * MB }],
    ]);
    const table = renderMemoryReport({ atRest, atEnd, subgraphs: ['catalog', 'order'] });
    const totals = table.split('\n').find((line) => line.startsWith('the 2 subgraphs'));
    expect(totals?.split(/\s{2,}/).slice(1)).toEqual(['250', '165', '265', '172']);
    expect(renderMemoryReport({ atRest, atEnd: undefined, subgraphs: ['catalog'] })).toMatch(
      /the 1 subgraphs\s+120\s+80\s+-\s+-/,
    );
  });
});
