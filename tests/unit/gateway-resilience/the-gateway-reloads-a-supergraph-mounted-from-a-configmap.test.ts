import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, expect, it, vi } from 'vitest';
import { supergraphFromFile } from '../../../gateway/src/resilience/supergraph-reload.js';
import { createLogger } from '../../../shared/logger.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/**
 * A ConfigMap volume as the kubelet lays it out: the file is a symlink through `..data` to a
 * timestamped folder, and an update writes a new folder and swaps `..data` by a rename. The
 * file's own symlink never changes.
 */
function configMapVolume(content: string) {
  const volume = mkdtempSync(join(tmpdir(), 'configmap-volume-'));
  folders.push(volume);
  let generation = 0;
  const project = (text: string) => {
    const folder = `..2026_12_07_09_00_0${++generation}`;
    mkdirSync(join(volume, folder));
    writeFileSync(join(volume, folder, 'supergraph.graphql'), text);
    return folder;
  };
  let current = project(content);
  symlinkSync(current, join(volume, '..data'));
  symlinkSync('..data/supergraph.graphql', join(volume, 'supergraph.graphql'));
  return {
    path: join(volume, 'supergraph.graphql'),
    update(text: string) {
      const previous = current;
      current = project(text);
      symlinkSync(current, join(volume, '..data_tmp'));
      renameSync(join(volume, '..data_tmp'), join(volume, '..data'));
      rmSync(join(volume, previous), { recursive: true });
    },
  };
}

it('takes the new supergraph as soon as the kubelet swaps the ConfigMap volume, without waiting for a poll', async () => {
  const volume = configMapVolume('version 1');
  const updates: string[] = [];
  // A poll far beyond the test's wait: only the folder watch can see the swap in time.
  const hook = supergraphFromFile({
    path: volume.path,
    pollIntervalMs: 600_000,
    logger: createLogger('test', { logLevel: 'silent' }),
    metrics: new Registry(),
  });
  const { supergraphSdl, cleanup } = await hook({
    update: (sdl) => updates.push(sdl),
    healthCheck: async () => {},
    getDataSource: () => ({ process: async () => ({}) }),
  });
  expect(supergraphSdl).toBe('version 1');

  volume.update('version 2');
  await vi.waitFor(() => expect(updates).toEqual(['version 2']), { timeout: 3000, interval: 10 });
  volume.update('version 3');
  await vi.waitFor(() => expect(updates).toEqual(['version 2', 'version 3']), { timeout: 3000, interval: 10 });
  await cleanup?.();
});
