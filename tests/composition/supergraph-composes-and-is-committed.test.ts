import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SUPERGRAPH_PATH } from '../../scripts/compose.js';

const run = promisify(execFile);

describe('supergraph composition', () => {
  it('composes the seven subgraphs into the committed supergraph.graphql', () => {
    const outcome = composeSupergraph();
    if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(`${outcome.supergraphSdl.trimEnd()}\n`);
    for (const name of ['CATALOG', 'CUSTOMER', 'ORDER', 'WAREHOUSE', 'PRICING', 'PROMOTION', 'REVIEW']) {
      expect(outcome.supergraphSdl).toContain(`${name} @join__graph(name: "${name.toLowerCase()}"`);
    }
  });

  it('`npm run compose -- --check` passes on the committed file', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/compose.ts', '--check']);
    expect(stdout).toContain('up to date');
  });
});

describe('the composition check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
  const compose = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/compose.ts', '--check', ...args]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it('fails on a stale supergraph.graphql', async () => {
    const stale = join(dir, 'stale.graphql');
    writeFileSync(stale, readFileSync(SUPERGRAPH_PATH, 'utf8').replace('type Product', 'type Produkt'));
    const result = await compose('--output', stale);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stale');
  });

  it('fails with the composition errors when subgraphs disagree', async () => {
    // A second subgraph defining Product.sku with another type, without @shareable.
    writeFileSync(
      join(dir, 'rogue.graphql'),
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype Product @key(fields: "id") { id: ID! sku: Int }\n',
    );
    const yaml = readFileSync('supergraph.yaml', 'utf8').replaceAll('./subgraphs/', `${process.cwd()}/subgraphs/`);
    writeFileSync(
      join(dir, 'supergraph.yaml'),
      `${yaml}  rogue:\n    routing_url: http://localhost:4999/graphql\n    schema:\n      file: ./rogue.graphql\n`,
    );
    const result = await compose('--config', join(dir, 'supergraph.yaml'), '--output', join(dir, 'out.graphql'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Composition failed');
    expect(result.stderr).toMatch(/sku/);
  });
});
