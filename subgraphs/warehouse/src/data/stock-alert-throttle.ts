import { type ThrottleDecision, throttleAlert } from '../domain/alert-throttle.js';
import type { Prisma } from '../generated/prisma/client.js';

type Transaction = Prisma.TransactionClient;

/**
 * Decides whether `sink` notifies about an alert of `stockItem` now, and records the decision:
 * a notification restarts the window, a held-back alert is counted. The caller holds the
 * inbox's lock of the item (shared/events/inbox.ts), so one item's alerts are decided one at a
 * time and in order, and the decision commits with the event's inbox record.
 */
export async function passThrottle(
  tx: Transaction,
  sink: string,
  stockItem: string,
  windowMs: number,
  now: Date,
): Promise<ThrottleDecision> {
  const state = await tx.stockAlertThrottle.findUnique({ where: { sink_stockItem: { sink, stockItem } } });
  const decision = throttleAlert(state, now, windowMs);
  if (decision.send) {
    await tx.stockAlertThrottle.upsert({
      where: { sink_stockItem: { sink, stockItem } },
      create: { sink, stockItem, lastSentAt: now, suppressed: 0 },
      update: { lastSentAt: now, suppressed: 0 },
    });
  } else {
    await tx.stockAlertThrottle.update({
      where: { sink_stockItem: { sink, stockItem } },
      data: { suppressed: { increment: 1 } },
    });
  }
  return decision;
}
