/**
 * Recomputes the analytics figures from the events each subgraph retained, as the consumers would
 * have counted them: after changing SHOP_TIME_ZONE, or to check the figures.
 * Usage: tsx scripts/analytics/rebuild.ts [--subgraph <name>]   (npm run analytics:rebuild)
 * URL per subgraph: <NAME>_DATABASE_URL, else DATABASE_URL, else the local one `npm start` uses.
 */
import { parseArgs } from 'node:util';
import { shopTimeZoneSetting } from '../../shared/analytics/shop-day.js';
import { readSettings } from '../../shared/config.js';
import type { SubgraphName } from '../../shared/services.js';
import { connectOrderDatabase } from '../../subgraphs/order/src/data/database.js';
import { rebuildSalesAnalytics } from '../../subgraphs/order/src/data/sales-analytics.js';
import { connectPromotionDatabase } from '../../subgraphs/promotion/src/data/database.js';
import { rebuildPromotionAnalytics } from '../../subgraphs/promotion/src/data/promotion-analytics.js';
import { runCli, toSubgraph } from '../db/cli-support.js';
import { developmentDatabase } from '../stack/postgres.js';

type Rebuild = (databaseUrl: string, timeZone: string) => Promise<{ events: number }>;

/** One rebuild per subgraph that keeps analytics, each in its own schema. */
const REBUILDS: Partial<Record<SubgraphName, Rebuild>> = {
  order: async (databaseUrl, timeZone) => {
    const db = connectOrderDatabase({ databaseUrl, databaseSchema: 'order', poolSize: 1 });
    try {
      return await rebuildSalesAnalytics(db, timeZone);
    } finally {
      await db.$disconnect();
    }
  },
  promotion: async (databaseUrl, timeZone) => {
    const db = connectPromotionDatabase({ databaseUrl, databaseSchema: 'promotion' });
    try {
      return { events: await rebuildPromotionAnalytics(db, timeZone) };
    } finally {
      await db.$disconnect();
    }
  },
};

runCli(async () => {
  const { values } = parseArgs({ options: { subgraph: { type: 'string' } } });
  const { SHOP_TIME_ZONE: timeZone } = readSettings(process.env, { SHOP_TIME_ZONE: shopTimeZoneSetting });
  const known = Object.keys(REBUILDS) as SubgraphName[];
  const subgraphs = values.subgraph === undefined ? known : [toSubgraph(values.subgraph)];
  for (const subgraph of subgraphs) {
    const rebuild = REBUILDS[subgraph];
    if (rebuild === undefined) throw new Error(`${subgraph} keeps no analytics; expected one of ${known.join(', ')}`);
    const database = await developmentDatabase(subgraph);
    try {
      const { events } = await rebuild(database.url, timeZone);
      console.log(`${subgraph}: rebuilt from ${events} events, days in ${timeZone}`);
    } finally {
      await database.release();
    }
  }
});
