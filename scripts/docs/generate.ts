/**
 * Generates the browsable API reference in docs/api/ from the supergraph's API schema, with
 * SpectaQL, offline.
 *
 *   npm run docs              write docs/api/ (index.html, its CSS and JS, schema.graphql)
 *   npm run docs -- --check   exit 1 if docs/api/ is not what the current supergraph.graphql gives
 *   --supergraph <graphql> / --out <dir> choose other files.
 *
 * The output is deterministic, so the committed copy can be compared byte for byte: SpectaQL
 * picks example values with Math.random, which runs here from a fixed seed, and it writes no
 * timestamps.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { SUPERGRAPH_PATH } from '../compose.js';
import { loadApiSchema, printApiSchema } from './api-schema.js';

export const API_DOCS_DIR = join(REPOSITORY_ROOT, 'docs', 'api');

const INTRODUCTION = `The GraphQL API of the shop: one endpoint, served by the gateway, in front of seven subgraphs
(catalog, customer, order, warehouse, pricing, promotion, review). This reference is generated
from the composed supergraph's API schema (\`schema.graphql\` next to this page), so it lists
exactly what clients can query.

**Calling it.** POST \`application/json\` to \`/graphql\`. Signed-in callers send the \`accessToken\`
of \`register\`, \`signIn\` or \`staffSignIn\` as \`Authorization: Bearer <accessToken>\`; anonymous
callers can read the catalog and use a guest cart (its \`cartToken\`).

**Who may call what.** Each field says who may use it. Customers reach only their own data;
staff roles (\`catalog_admin\`, \`pricing_admin\`, \`warehouse_admin\`, \`promotion_admin\`,
\`order_admin\`, \`moderator\`, \`support\`, \`admin\`) reach the back office. A refused field is an error with
\`extensions.code\` \`UNAUTHENTICATED\` (no or expired token) or \`FORBIDDEN\` (wrong role).

**Errors.** Every error carries a stable \`extensions.code\`: \`BAD_USER_INPUT\` (names the
refused input in \`extensions.field\`), \`NOT_FOUND\`, \`CONFLICT\` (e.g. a stale \`expectedVersion\`),
\`UNAUTHENTICATED\`, \`FORBIDDEN\`, \`RATE_LIMITED\` (with \`retryAfterSeconds\`), and a few specific
ones named where they apply (\`OUT_OF_STOCK\`, \`PROMOTION_UNAVAILABLE\`, \`STALE_EXCHANGE_RATE\`…). A refused mutation changes nothing.

**Conventions.** Identifiers are ULIDs. Times are \`DateTime\` (ISO-8601, UTC). Money is
\`Money { amount, currency }\`: \`amount\` is a decimal string rounded half-even to the currency's
minor units, \`currency\` an ISO 4217 code. Lists page as Relay connections (\`first\`/\`after\`,
\`last\`/\`before\`).

The payment provider's webhook is plain HTTP, not GraphQL: see
[payments-webhook.openapi.yaml](../payments-webhook.openapi.yaml).`;

function spectaqlConfig(schemaFile: string, targetDir: string): object {
  return {
    spectaql: { targetDir, oneFile: false, logoFile: false, faviconFile: false },
    introspection: {
      schemaFile,
      removeTrailingPeriodFromDescriptions: false,
      fieldExpansionDepth: 2,
      // Shown as written in the schema: the descriptions are Markdown already.
      spectaqlDirective: { enable: false },
    },
    info: {
      title: 'Order Flow Supergraph API',
      description: INTRODUCTION,
      'x-hidePoweredBy': true,
    },
    servers: [{ url: 'http://localhost:4000/graphql', description: 'Local development (npm start)', production: true }],
  };
}

/** A small fixed-seed generator (mulberry32), so SpectaQL's example values are the same every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateApiDocs(options: { supergraphPath: string; outDir: string }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'api-docs-'));
  try {
    const schemaSdl = printApiSchema(loadApiSchema(options.supergraphPath));
    const schemaFile = join(work, 'schema.graphql');
    const configFile = join(work, 'spectaql.yml');
    const targetDir = join(work, 'out');
    writeFileSync(schemaFile, schemaSdl);
    writeFileSync(configFile, stringify(spectaqlConfig(schemaFile, targetDir)));
    Math.random = seededRandom(21);
    const spectaql = createRequire(import.meta.url)('spectaql') as {
      run(options: { specFile: string; quiet: boolean }): Promise<unknown>;
    };
    const cwd = process.cwd();
    // Its Sass build warns about deprecations of its own stylesheets: shown only on failure.
    const stderrWrite = process.stderr.write;
    const warnings: string[] = [];
    process.stderr.write = (chunk: string | Uint8Array) => warnings.push(String(chunk)) > 0;
    try {
      await spectaql.run({ specFile: configFile, quiet: true });
    } catch (error) {
      process.stderr.write = stderrWrite;
      console.error(warnings.join(''));
      throw error;
    } finally {
      process.stderr.write = stderrWrite;
      // SpectaQL may change directory to find its Grunt tasks.
      process.chdir(cwd);
    }
    rmSync(options.outDir, { recursive: true, force: true });
    mkdirSync(options.outDir, { recursive: true });
    for (const file of listFiles(targetDir)) {
      const target = join(options.outDir, file);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, readFileSync(join(targetDir, file)));
    }
    writeFileSync(join(options.outDir, 'schema.graphql'), schemaSdl);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Files under dir, relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const walk = (at: string): string[] =>
    readdirSync(at).flatMap((name) =>
      statSync(join(at, name)).isDirectory() ? walk(join(at, name)) : [join(at, name)],
    );
  return walk(dir)
    .map((file) => relative(dir, file))
    .sort();
}

/** The files of `actual` that differ from, are missing from or are extra to `expected`. */
export function differingFiles(expected: string, actual: string): string[] {
  const read = (dir: string) => {
    try {
      return listFiles(dir);
    } catch {
      return [];
    }
  };
  const expectedFiles = read(expected);
  const actualFiles = read(actual);
  const all = [...new Set([...expectedFiles, ...actualFiles])].sort();
  return all.filter(
    (file) =>
      !expectedFiles.includes(file) ||
      !actualFiles.includes(file) ||
      !readFileSync(join(expected, file)).equals(readFileSync(join(actual, file))),
  );
}

async function main(options: { check: boolean; supergraphPath: string; outDir: string }): Promise<number> {
  if (!options.check) {
    await generateApiDocs(options);
    console.log(`Generated the API reference in ${options.outDir}`);
    return 0;
  }
  const stale = (files: string[]) => {
    console.error(`${options.outDir} is stale (${files.join(', ')}): run \`npm run docs\` and commit the result.`);
    return 1;
  };
  // The schema the docs were made from is committed with them: a changed schema is caught
  // without running the generator.
  let documentedSchema = '';
  try {
    documentedSchema = readFileSync(join(options.outDir, 'schema.graphql'), 'utf8');
  } catch {
    // Missing docs are as stale as outdated ones.
  }
  if (documentedSchema !== printApiSchema(loadApiSchema(options.supergraphPath))) return stale(['schema.graphql']);
  const fresh = mkdtempSync(join(tmpdir(), 'api-docs-check-'));
  try {
    await generateApiDocs({ supergraphPath: options.supergraphPath, outDir: fresh });
    const differing = differingFiles(fresh, options.outDir);
    if (differing.length > 0) return stale(differing);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
  console.log(`${options.outDir} is up to date.`);
  return 0;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(
    await main({
      check: process.argv.includes('--check'),
      supergraphPath: option('--supergraph') ?? SUPERGRAPH_PATH,
      outDir: option('--out') ?? API_DOCS_DIR,
    }),
  );
}
