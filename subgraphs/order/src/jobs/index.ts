import { Counter } from 'prom-client';
import { z } from 'zod';
import { databaseUrlFor } from '../../../../shared/config.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectOrderDatabase } from '../data/database.js';
import { expireOverdueOrders } from '../data/order-transitions.js';
import { loadOrderSettings } from '../order-config.js';
import { deleteAbandonedGuestCarts } from './cart-cleanup.js';

const interval = (fallback: number) => z.coerce.number().int().min(100).default(fallback);

/**
 * The order subgraph's background work: publishing its outbox (OrderPlaced, OrderPaid, …),
 * expiring unpaid orders past their deadline (the warehouse then releases their stock), and
 * deleting guest carts nobody touched for CART_RETENTION_DAYS.
 */
export const orderJobs: WorkerModule = {
  name: 'order',
  async start(context) {
    const databaseUrl = databaseUrlFor('order', context.env);
    if (!databaseUrl) throw new Error('order jobs: DATABASE_URL or ORDER_DATABASE_URL is required');
    const db = connectOrderDatabase({ databaseUrl, databaseSchema: 'order', poolSize: 4 });
    const settings = loadOrderSettings(context.env);
    const policy = { cancellationWindowMs: settings.cancellationWindowMs };
    const expiryEveryMs = interval(5000).parse(context.env.ORDER_EXPIRY_SWEEP_MS || undefined);
    const cleanupEveryMs = interval(3_600_000).parse(context.env.CART_CLEANUP_INTERVAL_MS || undefined);
    const retentionDays = z.coerce
      .number()
      .positive()
      .default(30)
      .parse(context.env.CART_RETENTION_DAYS || undefined);

    context.relayOutbox('order', db);
    const expiredOrders = new Counter({
      name: 'orders_expired_total',
      help: 'Unpaid orders expired because their payment deadline passed',
      registers: [context.metrics],
    });
    context.every('order-expiry', expiryEveryMs, async () => {
      const expired = await expireOverdueOrders(db, new Date(), policy);
      expiredOrders.inc(expired.length);
      if (expired.length > 0) context.logger.info({ count: expired.length }, 'expired unpaid orders');
      return { expired: expired.length };
    });
    context.every('guest-cart-cleanup', cleanupEveryMs, async () => ({
      deleted: await deleteAbandonedGuestCarts(db, new Date(Date.now() - retentionDays * 86_400_000)),
    }));
    return { close: () => db.$disconnect() };
  },
};
