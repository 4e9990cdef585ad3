import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type ServiceProcess, spawnService, stopService, waitUntilReady } from '../../../scripts/stack/processes.js';
import { newId } from '../../../shared/ids.js';
import { postGraphQL } from '../../support/graphql.js';

/**
 * The connection budget (README, "Connection budgets") multiplies each pod's DATABASE_POOL_SIZE
 * by its number of pods: that holds only if a pod never opens more than its pool, however many
 * requests it serves at once. A catalog subgraph takes a burst of concurrent requests that each
 * read the database, while PostgreSQL's own view (pg_stat_activity, by the application name the
 * process connects with) is sampled. With a larger pool the same burst is seen to use more, so
 * the sampling does see what a process holds.
 */

const running = new Set<ServiceProcess>();
afterAll(() => Promise.all([...running].map((service) => stopService(service))));

const PAGE = '{ products(first: 20) { edges { node { id name category { slug } } } } }';

async function startCatalog(poolSize: number): Promise<{ url: string; applicationName: string }> {
  const applicationName = `pool-${poolSize}-${newId().slice(-8).toLowerCase()}`;
  const service = spawnService(
    `catalog-pool-${poolSize}`,
    'subgraphs/catalog/src/main.ts',
    'source',
    // node-postgres names its connections after PGAPPNAME.
    { ...inject('serviceEnv'), CATALOG_PORT: '0', DATABASE_POOL_SIZE: String(poolSize), PGAPPNAME: applicationName },
    () => {},
  );
  running.add(service);
  const base = `http://127.0.0.1:${await service.listening}`;
  await waitUntilReady(`${base}/health/ready`, service);
  return { url: `${base}/graphql`, applicationName };
}

/** The most connections the process held at once while `work` ran, sampled every few milliseconds. */
async function mostConnectionsDuring(applicationName: string, work: () => Promise<void>): Promise<number> {
  const observer = new pg.Client({ connectionString: inject('databaseUrls').catalog });
  await observer.connect();
  let most = 0;
  let working = true;
  const sampling = (async () => {
    while (working) {
      const { rows } = await observer.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      most = Math.max(most, rows[0]?.count ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    await work();
  } finally {
    working = false;
    await sampling;
    await observer.end();
  }
  return most;
}

const burst = (url: string) => async () => {
  const answers = await Promise.all(Array.from({ length: 120 }, () => postGraphQL(url, PAGE)));
  // Every request was served: those beyond the pool waited for a connection, none failed.
  expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
};

describe('a subgraph process under a burst of concurrent requests', { timeout: 120_000 }, () => {
  it('holds at most DATABASE_POOL_SIZE connections to PostgreSQL, and uses them all', async () => {
    const small = await startCatalog(3);
    expect(await mostConnectionsDuring(small.applicationName, burst(small.url))).toBe(3);
  });

  it('holds more with a larger pool, so the count above is what the pool allowed', async () => {
    const larger = await startCatalog(8);
    expect(await mostConnectionsDuring(larger.applicationName, burst(larger.url))).toBeGreaterThan(3);
  });
});
