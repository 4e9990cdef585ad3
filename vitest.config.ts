import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships both ESM and CJS builds; loading both breaks instanceof checks ("another realm").
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        // Pure rules: no database, no network; run in milliseconds (`vitest run --project unit`).
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/composition/**/*.test.ts'] },
      },
      {
        extends: true,
        // Real PostgreSQL, Redis, seven subgraph processes and the gateway, started once.
        test: {
          name: 'services',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
