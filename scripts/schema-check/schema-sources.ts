/**
 * The two sides of a schema check: the schemas committed at a git ref (its supergraph.graphql
 * and the subgraph files its supergraph.yaml lists), and the working tree's, composed afresh.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { composeSupergraph, subgraphSources } from '../compose.js';

export interface SchemaSet {
  supergraphSdl: string;
  /** Subgraph name → SDL, in supergraph.yaml's order. */
  subgraphs: Map<string, string>;
}

/** The check cannot run as asked (unknown ref, not a repository, files missing at the ref): exit 2. */
export class UsageError extends Error {}

/** The working tree's subgraphs do not compose: nothing to compare, and nothing to merge (exit 1). */
export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`The working tree's subgraphs do not compose:\n${errors.map((error) => `  ✗ ${error}`).join('\n')}`);
  }
}

const SUPERGRAPH_YAML = 'supergraph.yaml';
const SUPERGRAPH_GRAPHQL = 'supergraph.graphql';

function git(repo: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

function stderrOf(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  return (typeof stderr === 'string' ? stderr : error instanceof Error ? error.message : String(error)).trim();
}

/** The commit a ref names, or a UsageError saying why there is none. */
export function resolveCommit(repo: string, ref: string): string {
  try {
    git(repo, ['rev-parse', '--is-inside-work-tree']);
  } catch (error) {
    throw new UsageError(`${repo} is not inside a git working tree: ${stderrOf(error)}`);
  }
  if (ref.trim() === '' || ref.startsWith('-')) throw new UsageError(`not a git ref: ${JSON.stringify(ref)}`);
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    throw new UsageError(
      `unknown git ref ${JSON.stringify(ref)} in ${repo} (in CI, fetch it first, e.g. \`git fetch origin main\`)`,
    );
  }
}

/** A file's content at a commit, relative to the repo folder (which may be below the git root). */
function showAtCommit(repo: string, commit: string, path: string): string {
  if (isAbsolute(path)) throw new UsageError(`${path} is absolute: it cannot be read at ${commit}`);
  try {
    return git(repo, ['show', `${commit}:./${posix.normalize(path)}`]);
  } catch (error) {
    throw new UsageError(`cannot read ${path} at ${commit.slice(0, 12)}: ${stderrOf(error)}`);
  }
}

export function schemasAtCommit(repo: string, commit: string): SchemaSet {
  let sources: ReturnType<typeof subgraphSources>;
  try {
    sources = subgraphSources(showAtCommit(repo, commit, SUPERGRAPH_YAML));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${SUPERGRAPH_YAML} at ${commit.slice(0, 12)} cannot be read: ${stderrOf(error)}`);
  }
  return {
    supergraphSdl: showAtCommit(repo, commit, SUPERGRAPH_GRAPHQL),
    subgraphs: new Map(sources.map(({ name, file }) => [name, showAtCommit(repo, commit, file)])),
  };
}

export function schemasInWorkingTree(repo: string): SchemaSet {
  const yamlPath = join(repo, SUPERGRAPH_YAML);
  let yamlText: string;
  try {
    yamlText = readFileSync(yamlPath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${yamlPath}: ${stderrOf(error)}`);
  }
  const outcome = composeSupergraph(yamlPath);
  if (!outcome.ok) throw new CompositionError(outcome.errors);
  return {
    supergraphSdl: outcome.supergraphSdl,
    subgraphs: new Map(
      subgraphSources(yamlText).map(({ name, file }) => [name, readFileSync(resolve(repo, file), 'utf8')]),
    ),
  };
}
