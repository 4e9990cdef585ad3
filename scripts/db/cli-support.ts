import { databaseUrlFor as configuredDatabaseUrl } from '../../shared/config.js';
import { envPrefix } from '../../shared/services.js';
import { SUBGRAPHS, type SubgraphName } from './migrations.js';

/** `<NAME>_DATABASE_URL` (e.g. `ORDER_DATABASE_URL`) when set, else `DATABASE_URL`. */
export function databaseUrlFor(subgraph: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  const url = configuredDatabaseUrl(subgraph, env);
  if (!url) {
    throw new Error(
      `no database URL for subgraph ${subgraph}: set ${envPrefix(subgraph)}_DATABASE_URL or DATABASE_URL ` +
        '(npm start migrates its own local database by itself)',
    );
  }
  return url;
}

export function toSubgraph(value: string): SubgraphName {
  const subgraph = SUBGRAPHS.find((name) => name === value);
  if (!subgraph) throw new Error(`unknown subgraph ${JSON.stringify(value)}; expected one of ${SUBGRAPHS.join(', ')}`);
  return subgraph;
}

/**
 * Runs a CLI's main and exits explicitly: pooled connections and the wasm engine's timers
 * would otherwise keep the process alive for seconds after the work is done. An error with an
 * `exitCode` exits with it, so scripts can tell one refusal from another; any other exits 1.
 */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      const code = (error as { exitCode?: unknown } | null)?.exitCode;
      process.exit(typeof code === 'number' && code > 0 ? code : 1);
    },
  );
}
