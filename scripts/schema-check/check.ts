/**
 * Compares the working tree's schemas with those at a git ref, for CI:
 *
 *   npm run schema:check -- --against origin/main [--repo <dir>] [--acknowledged <file>]
 *
 * The freshly composed supergraph's API schema and each subgraph's schema are compared with the
 * ones committed at the ref; every change is printed as breaking, dangerous or safe.
 * Exit codes: 0 no breaking change, or each one acknowledged in schema-changes.acknowledged.yaml;
 * 1 an unacknowledged breaking change, or the working tree does not compose;
 * 2 the check cannot run (bad arguments, unknown ref, unreadable files at the ref or ack file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { ACKNOWLEDGEMENTS_FILE, AcknowledgementFileError, parseAcknowledgements } from './acknowledgements.js';
import { assess, exitCodeOf, type SchemaComparison, SUPERGRAPH_SCHEMA } from './assessment.js';
import { compareSubgraphs, compareSupergraphs, SchemaBuildError } from './compare.js';
import { formatReport } from './report.js';
import {
  CompositionError,
  resolveCommit,
  schemasAtCommit,
  schemasInWorkingTree,
  UsageError,
} from './schema-sources.js';

const USAGE = 'usage: npm run schema:check -- --against <git ref> [--repo <dir>] [--acknowledged <file>]';

function readOptions(argv: string[]) {
  let values: { against?: string; repo?: string; acknowledged?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { against: { type: 'string' }, repo: { type: 'string' }, acknowledged: { type: 'string' } },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (!values.against) throw new UsageError(`--against is required\n${USAGE}`);
  const repo = resolve(values.repo ?? REPOSITORY_ROOT);
  return {
    against: values.against,
    repo,
    acknowledgedPath: resolve(repo, values.acknowledged ?? ACKNOWLEDGEMENTS_FILE),
    acknowledgedName: values.acknowledged ?? ACKNOWLEDGEMENTS_FILE,
  };
}

async function main(argv: string[]): Promise<number> {
  const options = readOptions(argv);
  const commit = resolveCommit(options.repo, options.against);
  // A repository without the file has acknowledged nothing.
  const acknowledgements = existsSync(options.acknowledgedPath)
    ? parseAcknowledgements(readFileSync(options.acknowledgedPath, 'utf8'), options.acknowledgedName)
    : [];
  const before = schemasAtCommit(options.repo, commit);
  const after = schemasInWorkingTree(options.repo);

  const comparisons: SchemaComparison[] = [
    { schema: SUPERGRAPH_SCHEMA, changes: await compareSupergraphs(before.supergraphSdl, after.supergraphSdl) },
  ];
  const names = [...new Set([...after.subgraphs.keys(), ...before.subgraphs.keys()])];
  for (const name of names) {
    comparisons.push({
      schema: name,
      changes: await compareSubgraphs(name, before.subgraphs.get(name), after.subgraphs.get(name)),
    });
  }
  const assessment = assess(comparisons, acknowledgements);
  process.stdout.write(
    formatReport(assessment, { against: options.against, commit, acknowledgementsFile: options.acknowledgedName }),
  );
  return exitCodeOf(assessment);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const cannotRun = [UsageError, AcknowledgementFileError, SchemaBuildError].some((kind) => error instanceof kind);
    const expected = cannotRun || error instanceof CompositionError;
    // Expected refusals read as one message; anything else is a fault of the check, shown whole.
    const text = error instanceof Error ? (expected ? error.message : error.stack) : String(error);
    console.error(`schema check: ${text}`);
    process.exitCode = cannotRun ? 2 : 1;
  },
);
