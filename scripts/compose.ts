/**
 * Composes supergraph.yaml into supergraph.graphql offline, with the @apollo/composition
 * version the yaml pins (what `rover supergraph compose` does, without downloading a plugin).
 *
 *   npm run compose              write supergraph.graphql
 *   npm run compose -- --check   exit 1 if composition fails or the committed file is stale
 *   --config <yaml> / --output <graphql> choose other files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { REPOSITORY_ROOT } from '../shared/package-info.js';

interface SupergraphYaml {
  federation_version: string;
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

/** One subgraph of supergraph.yaml; `file` is relative to the yaml's folder, as in Rover. */
export interface SubgraphSource {
  name: string;
  url: string;
  file: string;
}

/** The subgraphs a supergraph.yaml lists, in its order (also used on versions read from git). */
export function subgraphSources(yamlText: string): SubgraphSource[] {
  const config = parseYaml(yamlText) as SupergraphYaml;
  return Object.entries(config.subgraphs).map(([name, subgraph]) => ({
    name,
    url: subgraph.routing_url,
    file: subgraph.schema.file,
  }));
}

export const SUPERGRAPH_PATH = join(REPOSITORY_ROOT, 'supergraph.graphql');
/** Kustomize reads files only below its own folder, so the Kubernetes base keeps a copy. */
export const KUBERNETES_SUPERGRAPH_PATH = join(REPOSITORY_ROOT, 'deploy/kubernetes/base/supergraph/supergraph.graphql');

export type CompositionOutcome = { ok: true; supergraphSdl: string; hints: string[] } | { ok: false; errors: string[] };

export function composeSupergraph(yamlPath = join(REPOSITORY_ROOT, 'supergraph.yaml')): CompositionOutcome {
  const yamlText = readFileSync(yamlPath, 'utf8');
  const config = parseYaml(yamlText) as SupergraphYaml;
  const pinned = config.federation_version.replace(/^=/, '');
  const installed = (createRequire(import.meta.url)('@apollo/composition/package.json') as { version: string }).version;
  if (pinned !== installed) {
    return {
      ok: false,
      errors: [`supergraph.yaml pins federation_version =${pinned}, but @apollo/composition ${installed} is installed`],
    };
  }
  const services = subgraphSources(yamlText).map(({ name, url, file }) => ({
    name,
    url,
    // As in Rover, schema files are relative to the yaml file.
    typeDefs: parse(readFileSync(resolve(dirname(yamlPath), file), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((error) => error.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => hint.toString()) };
}

function main(options: { check: boolean; yamlPath?: string; outputPath: string }): number {
  const outcome = composeSupergraph(options.yamlPath);
  if (!outcome.ok) {
    console.error(`Composition failed:\n${outcome.errors.map((e) => `  ✗ ${e}`).join('\n')}`);
    return 1;
  }
  for (const hint of outcome.hints) console.warn(`  hint: ${hint}`);
  const expected = `${outcome.supergraphSdl.trimEnd()}\n`;
  const outputs =
    options.outputPath === SUPERGRAPH_PATH ? [SUPERGRAPH_PATH, KUBERNETES_SUPERGRAPH_PATH] : [options.outputPath];
  if (options.check) {
    const stale = outputs.filter((path) => readOrEmpty(path) !== expected);
    if (stale.length > 0) {
      console.error(`${stale.join(', ')} stale: run \`npm run compose\` and commit the result.`);
      return 1;
    }
    console.log('supergraph.graphql is up to date.');
    return 0;
  }
  for (const path of outputs) writeFileSync(path, expected);
  console.log(`Composed ${outputs.join(' and ')}`);
  return 0;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // A missing file is as stale as an outdated one.
    return '';
  }
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(
    main({
      check: process.argv.includes('--check'),
      yamlPath: option('--config'),
      outputPath: option('--output') ?? SUPERGRAPH_PATH,
    }),
  );
}
