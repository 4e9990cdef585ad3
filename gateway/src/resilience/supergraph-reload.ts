import { createHash } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../../shared/logger.js';

export interface SupergraphFileOptions {
  path: string;
  /** How often the file is checked besides fs.watch events; 0 = read once, never reload. */
  pollIntervalMs: number;
  logger: Logger;
  metrics: Registry;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The supergraph, read from a file and reloaded when the file changes, for ApolloGateway's
 * `supergraphSdl` option. Changes are noticed through fs.watch on the file's folder (which
 * also sees editors and Kubernetes replacing the file by a rename) and, where watching is not
 * reliable (network and overlay file systems), by polling. A new supergraph applies to requests
 * that start after it; requests already running finish with the schema they started with. An
 * unreadable or invalid file is logged and the previous supergraph stays in service.
 */
export function supergraphFromFile(options: SupergraphFileOptions): SupergraphSdlHook {
  const { path, pollIntervalMs, logger } = options;
  const reloads = new Counter({
    name: 'gateway_supergraph_reloads_total',
    help: 'Changes of the supergraph file seen, by outcome (applied, invalid, unreadable)',
    labelNames: ['outcome'],
    registers: [options.metrics],
  });

  return async ({ update }) => {
    const initial = readFileSync(path, 'utf8');
    if (pollIntervalMs === 0) return { supergraphSdl: initial };

    let lastSeen = sha256(initial);
    let stopped = false;
    let queue: Promise<void> = Promise.resolve();
    let debounce: NodeJS.Timeout | undefined;

    const check = async () => {
      if (stopped) return;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        // Between an unlink and a rename the file may be missing for a moment: the next check sees it.
        logger.warn({ err: error, path }, 'supergraph file unreadable; keeping the current supergraph');
        reloads.inc({ outcome: 'unreadable' });
        return;
      }
      const hash = sha256(text);
      if (hash === lastSeen || stopped) return;
      lastSeen = hash;
      try {
        update(text);
        reloads.inc({ outcome: 'applied' });
        logger.info({ path, sha256: hash }, 'supergraph reloaded');
      } catch (error) {
        // A half-written file is invalid too: when the writer finishes, the content changes again.
        reloads.inc({ outcome: 'invalid' });
        logger.error({ err: error, path }, 'supergraph file is invalid; keeping the current supergraph');
      }
    };
    // Checks run one after another: `update` refuses to run while another update is running.
    const schedule = (delayMs: number) => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        queue = queue.then(check);
      }, delayMs);
      debounce.unref();
    };

    let watcher: FSWatcher | undefined;
    try {
      const file = basename(path);
      watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
        if (!changed || changed === file || changed.startsWith('..')) schedule(25);
      });
      watcher.on('error', (error) => logger.warn({ err: error, path }, 'cannot watch the supergraph file; polling'));
    } catch (error) {
      logger.warn({ err: error, path }, 'cannot watch the supergraph file; polling');
    }
    const poll = setInterval(() => schedule(0), pollIntervalMs);
    poll.unref();

    return {
      supergraphSdl: initial,
      cleanup: async () => {
        stopped = true;
        clearInterval(poll);
        clearTimeout(debounce);
        watcher?.close();
        await queue;
      },
    };
  };
}
