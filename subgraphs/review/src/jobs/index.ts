import { databaseUrlFor } from '../../../../shared/config.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import { CART_AGGREGATE } from '../../../../shared/events/order-events.js';
import { loadRetentionSettings } from '../../../../shared/retention/retention-settings.js';
import { scheduleSubgraphRetention } from '../../../../workers/src/retention-jobs.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectReviewDatabase } from '../data/database.js';
import { CUSTOMER_RATE_WINDOW_MS } from '../domain/review-rate-limit.js';
import { handleOrderEvent, ORDER_EVENTS_CONSUMER } from './order-events.js';

/**
 * The review subgraph's background work: learning from the order subgraph's events which
 * customers received which products (review_purchase), so reviews can be marked verified
 * purchases without ever reading the order subgraph's tables or calling it; and forgetting who
 * wrote when once that no longer counts against the hourly limit.
 */
export const reviewJobs: WorkerModule = {
  name: 'review',
  async start(context) {
    const databaseUrl = databaseUrlFor('review', context.env);
    if (!databaseUrl) throw new Error('review jobs: DATABASE_URL or REVIEW_DATABASE_URL is required');
    const db = connectReviewDatabase({ databaseUrl, databaseSchema: 'review', poolSize: 4 });
    context.subscribe(
      'order',
      ORDER_EVENTS_CONSUMER,
      async (event) => {
        const applied = await handleOrderEvent(db, event);
        if (applied.verifiedReviews > 0) {
          context.logger.info(
            { orderId: event.aggregateId, verifiedReviews: applied.verifiedReviews },
            'reviews of a delivered order marked verified purchases',
          );
        }
        return applied;
      },
      // A cart's rounds of shopping are for the sales figures only.
      { inbox: inboxReader(db, ORDER_EVENTS_CONSUMER), concurrency: 4, ignoredAggregateTypes: [CART_AGGREGATE] },
    );
    context.every('review-submission-cleanup', CUSTOMER_RATE_WINDOW_MS, async () => {
      const { count } = await db.reviewSubmission.deleteMany({
        where: { submittedAt: { lte: new Date(Date.now() - CUSTOMER_RATE_WINDOW_MS) } },
      });
      return { deleted: count };
    });
    // Old outbox rows and inbox records (README "Data retention").
    const retention = loadRetentionSettings(context.env);
    scheduleSubgraphRetention(context, 'review', db, { outbox: false, inbox: true }, retention);

    return { close: () => db.$disconnect() };
  },
};
