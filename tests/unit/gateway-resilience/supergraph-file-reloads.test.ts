import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { supergraphFromFile } from '../../../gateway/src/resilience/supergraph-reload.js';
import { createLogger } from '../../../shared/logger.js';

const silent = createLogger('test', { logLevel: 'silent' });
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const updatesSeen = (updates: string[], count: number) =>
  vi.waitFor(() => expect(updates).toHaveLength(count), { timeout: 3000, interval: 10 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(pollIntervalMs: number) {
  const folder = mkdtempSync(join(tmpdir(), 'supergraph-unit-'));
  folders.push(folder);
  const path = join(folder, 'supergraph.graphql');
  writeFileSync(path, 'version 1');
  const updates: string[] = [];
  const hook = supergraphFromFile({ path, pollIntervalMs, logger: silent, metrics: new Registry() });
  const update = (sdl: string) => {
    if (sdl.includes('invalid')) throw new Error('not a supergraph');
    updates.push(sdl);
  };
  const start = () =>
    hook({ update, healthCheck: async () => {}, getDataSource: () => ({ process: async () => ({}) }) });
  return { folder, path, updates, start };
}

describe('the supergraph file hook', () => {
  it('serves the file, then each change to it, once per distinct content', async () => {
    const { path, updates, start } = setup(50);
    const { supergraphSdl, cleanup } = await start();
    expect(supergraphSdl).toBe('version 1');

    writeFileSync(path, 'version 2');
    await updatesSeen(updates, 1);
    // Rewritten unchanged: the watch event and several polls (every 50 ms) all see the same content.
    writeFileSync(path, 'version 2');
    await sleep(200);
    expect(updates).toEqual(['version 2']);
    writeFileSync(path, 'version 3');
    await updatesSeen(updates, 2);
    expect(updates).toEqual(['version 2', 'version 3']);
    await cleanup?.();
  });

  it('keeps the current supergraph when the new file is invalid, and takes the next valid one', async () => {
    const { path, updates, start } = setup(50);
    const { cleanup } = await start();
    writeFileSync(path, 'invalid');
    await sleep(200);
    expect(updates).toEqual([]);
    writeFileSync(path, 'version 2');
    await updatesSeen(updates, 1);
    await cleanup?.();
  });

  it('sees a file replaced by a rename (as editors and Kubernetes do)', async () => {
    const { folder, path, updates, start } = setup(50);
    const { cleanup } = await start();
    writeFileSync(join(folder, 'next.tmp'), 'version 2');
    renameSync(join(folder, 'next.tmp'), path);
    await updatesSeen(updates, 1);
    expect(updates).toEqual(['version 2']);
    await cleanup?.();
  });

  it('stops watching on cleanup, and does not watch at all with an interval of 0', async () => {
    const watched = setup(50);
    const { cleanup } = await watched.start();
    await cleanup?.();
    writeFileSync(watched.path, 'version 2');

    const unwatched = setup(0);
    const result = await unwatched.start();
    expect(result.cleanup).toBeUndefined();
    writeFileSync(unwatched.path, 'version 2');

    await sleep(200);
    expect(watched.updates).toEqual([]);
    expect(unwatched.updates).toEqual([]);
  });
});
