import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentNode, parse } from 'graphql';
import { REPOSITORY_ROOT } from './package-info.js';
import type { SubgraphName } from './services.js';

/** A subgraph's SDL, read from the same file that composition and codegen read. */
export function loadTypeDefs(subgraph: SubgraphName): DocumentNode {
  return parse(readFileSync(join(REPOSITORY_ROOT, 'subgraphs', subgraph, 'schema.graphql'), 'utf8'));
}
