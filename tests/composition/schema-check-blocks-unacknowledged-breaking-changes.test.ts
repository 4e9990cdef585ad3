import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphSources } from '../../scripts/compose.js';

const run = promisify(execFile);
// Each run composes the supergraph in a fresh process: seconds, more on a busy machine.
const RUN_TIMEOUT_MS = 120_000;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function outcome(promise: Promise<{ stdout: string; stderr: string }>): Promise<Outcome> {
  return promise.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Outcome) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/**
 * A repository of its own holding a copy of the schema files, with a catalog extension the
 * scenarios change: the check runs on it as CI would, through the real script and real git.
 */
describe('npm run schema:check against a git ref', () => {
  const repo = mkdtempSync(join(tmpdir(), 'schema-check-'));
  const catalogSchema = join(repo, 'subgraphs/catalog/schema.graphql');
  const git = (...args: string[]) => run('git', args, { cwd: repo });
  const check = (...args: string[]) =>
    outcome(
      run(process.execPath, ['--import', 'tsx', 'scripts/schema-check/check.ts', '--repo', repo, ...args], {
        timeout: RUN_TIMEOUT_MS,
      }),
    );
  const extension = (fields: string, badges: string) =>
    `\nextend type Category {\n${fields}  "Shown on the category's tile."\n  badge: CategoryBadge\n}\n\n` +
    `"A mark on a category's tile."\nenum CategoryBadge {\n${badges}}\n`;
  const original = readFileSync('subgraphs/catalog/schema.graphql', 'utf8');
  const writeCatalog = (fields: string, badges: string) =>
    writeFileSync(catalogSchema, original + extension(fields, badges));
  const legacyCode = '  "The code the previous shop system used."\n  legacyCode: String\n';
  const legacyName = '  "The name the previous shop system used."\n  legacyName: String\n';
  const badges = '  "New this season."\n  NEW\n  "Reduced."\n  SALE\n';
  const moreBadges = `${badges}  "Only for a season."\n  SEASONAL\n`;

  beforeAll(async () => {
    cpSync('supergraph.yaml', join(repo, 'supergraph.yaml'));
    for (const { file } of subgraphSources(readFileSync('supergraph.yaml', 'utf8'))) cpSync(file, join(repo, file));
    writeCatalog(legacyCode, badges);
    await run(process.execPath, [
      '--import',
      'tsx',
      'scripts/compose.ts',
      '--config',
      join(repo, 'supergraph.yaml'),
      '--output',
      join(repo, 'supergraph.graphql'),
    ]);
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'commit', '-q', '-m', 'schemas');
  }, RUN_TIMEOUT_MS);

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it(
    'passes when nothing changed',
    async () => {
      const result = await check('--against', 'main');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No changes: supergraph, catalog, customer, order');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'passes on an added enum value (dangerous) and an added field (safe), and prints both',
    async () => {
      writeCatalog(legacyCode + legacyName, moreBadges);
      const result = await check('--against', 'main');
      expect(result.code).toBe(0);
      for (const schema of ['supergraph (the API schema clients see)', 'subgraph catalog']) {
        expect(result.stdout).toContain(
          [
            schema,
            '  Dangerous (1):',
            "    ! CategoryBadge.SEASONAL — Enum value 'SEASONAL' was added to enum 'CategoryBadge'",
          ].join('\n'),
        );
      }
      expect(result.stdout).toContain("  Safe (1):\n    · Category.legacyName — Field 'legacyName' was added");
      expect(result.stdout).toContain('PASSED');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'fails on a removed field, in the API schema and in the subgraph that had it',
    async () => {
      writeCatalog(legacyName, moreBadges);
      const result = await check('--against', 'main');
      expect(result.code).toBe(1);
      for (const schema of ['supergraph (the API schema clients see)', 'subgraph catalog']) {
        expect(result.stdout).toContain(
          `${schema}\n  Breaking (1):\n    ✗ Category.legacyCode — Field 'legacyCode' was removed from object type 'Category'`,
        );
      }
      expect(result.stdout).toContain('FAILED: 2 breaking changes not acknowledged (supergraph 1, catalog 1;');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'passes once the removal is acknowledged in the committed file, and names stale entries',
    async () => {
      writeFileSync(
        join(repo, 'schema-changes.acknowledged.yaml'),
        [
          'acknowledged:',
          '  - schema: supergraph',
          '    path: Category.legacyCode',
          '    reason: The import from the previous shop is finished.',
          '  - schema: catalog',
          `    message: "Field 'legacyCode' was removed from object type 'Category'"`,
          '    reason: The import from the previous shop is finished.',
          '  - schema: supergraph',
          '    path: Product.sku',
          '    reason: An old rename.',
          '',
        ].join('\n'),
      );
      const result = await check('--against', 'main');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        [
          '  Breaking, acknowledged (1):',
          "    ✓ Category.legacyCode — Field 'legacyCode' was removed from object type 'Category'",
          '        acknowledged in schema-changes.acknowledged.yaml:2: The import from the previous shop is finished.',
        ].join('\n'),
      );
      expect(result.stdout).toContain('  schema-changes.acknowledged.yaml:8 supergraph Product.sku: An old rename.');
      expect(result.stdout).toContain(
        'PASSED: no unacknowledged breaking change (2 acknowledged, 2 dangerous, 2 safe).',
      );
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'cannot run (exit 2) against an unknown ref, without --against, or with a broken acknowledgement file',
    async () => {
      const unknown = await check('--against', 'no-such-branch');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown git ref "no-such-branch"');

      const missing = await check();
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--against is required');

      appendFileSync(join(repo, 'schema-changes.acknowledged.yaml'), '  - schema: catalog\n    path: Category.x\n');
      const broken = await check('--against', 'main');
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/entry 4 \(line 11\): reason/);
    },
    RUN_TIMEOUT_MS,
  );
});
