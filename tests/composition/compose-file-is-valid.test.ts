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

const SECRETS = {
  POSTGRES_PASSWORD: 'from-the-env-file',
  JWT_SECRET: 'from-the-env-file-too',
  PAYMENT_WEBHOOK_SECRET: 'the-payment-providers-signing-secret',
  PRICE_CACHE_SECRET: 'shared-by-every-pricing-replica',
};

describe('compose.yaml', () => {
  it('is a valid Compose file once its secrets are provided', async () => {
    expect(await compose(SECRETS)).toEqual({
      code: 0,
      stderr: '',
    });
  });

  it.each(Object.keys(SECRETS))('refuses to start without %s, naming it', async (name) => {
    const { [name as keyof typeof SECRETS]: _left, ...env } = SECRETS;
    const result = await compose(env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`set ${name} in .env`);
  });

  it('runs every subgraph, the gateway, the workers, PostgreSQL, Redis and the migrations', () => {
    const services = Object.keys((parse(readFileSync('compose.yaml', 'utf8')) as { services: object }).services);
    expect(services.sort()).toEqual([...SUBGRAPH_NAMES, 'gateway', 'workers', 'migrate', 'postgres', 'redis'].sort());
  });
});
