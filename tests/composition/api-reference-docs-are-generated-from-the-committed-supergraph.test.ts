import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SUPERGRAPH_PATH } from '../../scripts/compose.js';
import { API_DOCS_DIR, differingFiles } from '../../scripts/docs/generate.js';

const run = promisify(execFile);
const checkDocs = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/docs/generate.ts', '--check', ...args]).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

// SpectaQL takes several seconds to build the pages.
describe('the API reference in docs/api', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-docs-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what `npm run docs` makes from the committed supergraph.graphql, byte for byte', async () => {
    const result = await checkDocs();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('up to date');
  });

  it('documents the API schema clients see, with the introduction and the webhook link', () => {
    const html = readFileSync(join(API_DOCS_DIR, 'index.html'), 'utf8');
    for (const text of ['placeOrder', 'Product', 'extensions.code', 'payments-webhook.openapi.yaml']) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('join__');
    expect(readFileSync(join(API_DOCS_DIR, 'schema.graphql'), 'utf8')).toContain('type Query');
  });

  it('is stale once the supergraph changes and the docs are not regenerated', async () => {
    const changed = join(dir, 'supergraph.graphql');
    const sdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
    const edited = sdl.replace('"""Something the shop sells."""', '"""Something the shop offers."""');
    expect(edited).not.toBe(sdl);
    writeFileSync(changed, edited);
    const result = await checkDocs('--supergraph', changed);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stale');
    expect(result.stderr).toContain('npm run docs');
  });

  it('the comparison names a page edited by hand, a missing file and an extra one', () => {
    const copy = join(dir, 'api');
    cpSync(API_DOCS_DIR, copy, { recursive: true });
    expect(differingFiles(API_DOCS_DIR, copy)).toEqual([]);
    const page = join(copy, 'index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('placeOrder', 'placeAnOrder'));
    rmSync(join(copy, 'schema.graphql'));
    writeFileSync(join(copy, 'notes.txt'), 'stray');
    expect(differingFiles(API_DOCS_DIR, copy)).toEqual(['index.html', 'notes.txt', 'schema.graphql']);
  });
});
