import { databaseUrlFor } from '../../../../shared/config.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectCustomerDatabase } from '../data/database.js';

/** The customer subgraph's background work: publishing its outbox (CustomerErased, …). */
export const customerJobs: WorkerModule = {
  name: 'customer',
  async start(context) {
    const databaseUrl = databaseUrlFor('customer', context.env);
    if (!databaseUrl) throw new Error('customer jobs: DATABASE_URL or CUSTOMER_DATABASE_URL is required');
    const db = connectCustomerDatabase({ databaseUrl, databaseSchema: 'customer', poolSize: 4 });
    context.relayOutbox('customer', db);
    return { close: () => db.$disconnect() };
  },
};
