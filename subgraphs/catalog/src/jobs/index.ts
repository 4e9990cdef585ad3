import { databaseUrlFor } from '../../../../shared/config.js';
import { loadRetentionSettings } from '../../../../shared/retention/retention-settings.js';
import { scheduleSubgraphRetention } from '../../../../workers/src/retention-jobs.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectCatalogDatabase } from '../data/database.js';

/** The catalog's background work: publishing its outbox (ProductChanged, CategoryChanged). */
export const catalogJobs: WorkerModule = {
  name: 'catalog',
  async start(context) {
    const databaseUrl = databaseUrlFor('catalog', context.env);
    if (!databaseUrl) throw new Error('catalog jobs: DATABASE_URL or CATALOG_DATABASE_URL is required');
    const db = connectCatalogDatabase({ databaseUrl, databaseSchema: 'catalog', poolSize: 2 });
    context.relayOutbox('catalog', db, { databaseUrl, schema: 'catalog' });
    // Old outbox rows and inbox records (README "Data retention").
    const retention = loadRetentionSettings(context.env);
    scheduleSubgraphRetention(context, 'catalog', db, { outbox: true, inbox: false }, retention);

    return { close: () => db.$disconnect() };
  },
};
