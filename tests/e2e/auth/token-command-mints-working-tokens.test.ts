import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { postGraphQL } from '../../support/graphql.js';

const run = promisify(execFile);
const [ada] = buildDemoShop().customers;

/** `npm run token`, against the test stack's database and keys. */
async function token(...args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH, ...inject('authEnv'), DATABASE_URL: inject('databaseUrls').customer };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], { env });
  return stdout.trim();
}

describe('npm run token', () => {
  it('creates a staff user with the role and mints a token the supergraph accepts', async () => {
    const support = await token('--role', 'support', '--email', 'sam@staff.example');
    const response = await postGraphQL(
      inject('gatewayUrl'),
      'query($id: ID!) { customer(id: $id) { email } }',
      { id: ada?.id },
      {
        authorization: `Bearer ${support}`,
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.customer).toEqual({ email: ada?.email });
  });

  it('mints a token for an existing customer', async () => {
    const response = await postGraphQL(
      inject('gatewayUrl'),
      '{ me { id } }',
      {},
      {
        authorization: `Bearer ${await token('--customer', ada?.email ?? '')}`,
      },
    );
    expect(response.data?.me).toEqual({ id: ada?.id });
  });

  it('refuses roles that do not exist', async () => {
    await expect(token('--role', 'superuser')).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown staff role superuser'),
    });
  });
});
