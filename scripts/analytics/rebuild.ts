/**
 * Recomputes the analytics of the subgraphs that keep them from their retained events, giving
 * the figures the workers computed incrementally; run it after changing SHOP_TIME_ZONE.
 * Usage: tsx scripts/analytics/rebuild.ts [--subgraph promotion] (default: every one).
 * The database is <NAME>_DATABASE_URL, else DATABASE_URL, else the local one `npm start` uses.
 */
import { parseArgs } from 'node:util';
import { shopTimeZoneSetting } from '../../shared/analytics/shop-day.js';
import { readSettings } from '../../shared/config.js';
import type { SubgraphName } from '../../shared/services.js';
import { connectPromotionDatabase } from '../../subgraphs/promotion/src/data/database.js';
import { rebuildPromotionAnalytics } from '../../subgraphs/promotion/src/data/promotion-analytics.js';
import { runCli, toSubgraph } from '../db/cli-support.js';
import { developmentDatabase } from '../stack/postgres.js';

/** Each subgraph's rebuild: replays its retained events, returns how many. */
const REBUILDS: Partial<Record<SubgraphName, (databaseUrl: string, timeZone: string) => Promise<number>>> = {
  promotion: async (databaseUrl, timeZone) => {
    const db = connectPromotionDatabase({ databaseUrl, databaseSchema: 'promotion' });
    try {
      return await rebuildPromotionAnalytics(db, timeZone);
    } finally {
      await db.$disconnect();
    }
  },
};

runCli(async () => {
  const { values } = parseArgs({ options: { subgraph: { type: 'string' } } });
  const { SHOP_TIME_ZONE: timeZone } = readSettings(process.env, { SHOP_TIME_ZONE: shopTimeZoneSetting });
  const subgraphs =
    values.subgraph === undefined ? (Object.keys(REBUILDS) as SubgraphName[]) : [toSubgraph(values.subgraph)];
  for (const subgraph of subgraphs) {
    const rebuild = REBUILDS[subgraph];
    if (rebuild === undefined) throw new Error(`subgraph ${subgraph} keeps no analytics to rebuild`);
    const database = await developmentDatabase(subgraph);
    try {
      const replayed = await rebuild(database.url, timeZone);
      console.log(`${subgraph}: ${replayed} events replayed (time zone ${timeZone})`);
    } finally {
      await database.release();
    }
  }
});
