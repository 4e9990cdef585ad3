import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up to package.json, so the same code works from
 * sources (tsx) and from compiled output in dist/.
 */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const REPOSITORY_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** Where `npm start` keeps its local PostgreSQL, Redis and generated development secrets. */
export const DEVELOPMENT_DATA_DIR = join(REPOSITORY_ROOT, '.data');
