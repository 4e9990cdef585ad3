import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBGRAPH_NAMES } from '../../shared/services.js';

const run = promisify(execFile);

/** docker-compose validates the file offline; .ci/run installs it. */
const compose = (env: NodeJS.ProcessEnv) =>
  run('docker-compose', ['-f', 'compose.yaml', 'config', '-q'], { env: { PATH: process.env.PATH, ...env } }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

describe('compose.yaml', () => {
  it('is a valid Compose file once its secrets are provided', async () => {
    expect(await compose({ POSTGRES_PASSWORD: 'from-the-env-file' })).toEqual({ code: 0, stderr: '' });
  });

  it('refuses to start without the database password, naming it', async () => {
    const result = await compose({});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('set POSTGRES_PASSWORD in .env');
  });

  it('runs every subgraph, the gateway, PostgreSQL, Redis and the migrations', () => {
    const services = Object.keys((parse(readFileSync('compose.yaml', 'utf8')) as { services: object }).services);
    expect(services.sort()).toEqual([...SUBGRAPH_NAMES, 'gateway', 'migrate', 'postgres', 'redis'].sort());
  });
});
