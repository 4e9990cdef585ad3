/**
 * Generates what is not committed: each subgraph's Prisma client and its typed resolvers.
 * Runs after `npm install` and before type-checking.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { generate } from '@graphql-codegen/cli';
import codegenConfig from '../codegen.js';
import { SUBGRAPH_NAMES } from '../shared/services.js';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');

for (const name of SUBGRAPH_NAMES) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', `prisma/${name}/schema.prisma`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // `generate` needs no schema engine, but the CLI looks for one and would try to download it.
    // Any executable satisfies that check. Never set this for migrate commands.
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
}
await generate(codegenConfig, true);
console.log(`Generated Prisma clients and resolver types for ${SUBGRAPH_NAMES.length} subgraphs.`);
