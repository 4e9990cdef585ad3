import { Queue } from 'bullmq';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { deleteInBatches } from '../../../shared/retention/batched-delete.js';
import { cutOff } from '../../../shared/retention/retention-settings.js';
import { connectCustomerDatabase } from '../../../subgraphs/customer/src/data/database.js';
import { deleteEndedRefreshTokens } from '../../../subgraphs/customer/src/data/refresh-tokens.js';
import { deleteOldOrderRequests } from '../../../subgraphs/order/src/data/order-requests.js';
import { connectWarehouseDatabase } from '../../../subgraphs/warehouse/src/data/database.js';
import { deleteAcknowledgedStockAlerts } from '../../../subgraphs/warehouse/src/data/stock-alert-retention.js';
import { bullConnection, DEAD_LETTER_QUEUE } from '../../../workers/src/queues.js';
import { deleteOldDeadLetters } from '../../../workers/src/retention-jobs.js';
import { DAY_MS, daysAgo, orderDb } from './retention.js';

const order = orderDb();
const warehouse = connectWarehouseDatabase({
  databaseUrl: inject('databaseUrls').warehouse,
  databaseSchema: 'warehouse',
  poolSize: 2,
});
const customers = connectCustomerDatabase({
  databaseUrl: inject('databaseUrls').customer,
  databaseSchema: 'customer',
  poolSize: 2,
});
const connection = bullConnection(inject('redisUrl'));
// A dead-letter queue of this file's own: the stack's workers clean the shared one on their own
// schedule, and other tests read what lies in it.
const deadLetters = new Queue(`${DEAD_LETTER_QUEUE}-retention-${newId()}`, { connection, prefix: QUEUE_PREFIX });

afterAll(async () => {
  await deadLetters.obliterate({ force: true });
  await deadLetters.close();
  connection.disconnect();
  await Promise.all([order.$disconnect(), warehouse.$disconnect(), customers.$disconnect()]);
});

describe('idempotency claims', () => {
  it('are deleted only once older than their window, whether completed or not', async () => {
    const owner = `customer:retention-${newId()}`;
    const claim = async (key: string, claimedAt: Date, completed: boolean) =>
      order.orderRequest.create({
        data: {
          ownerKey: owner,
          idempotencyKey: key,
          requestHash: 'a'.repeat(64),
          orderId: newId(),
          completed,
          claimedAt,
        },
      });
    await claim('old-done', daysAgo(31), true);
    await claim('old-open', daysAgo(31), false);
    await claim('old-done-2', daysAgo(45), true);
    await claim('young-done', daysAgo(29), true);
    await claim('young-open', daysAgo(29), false);
    await claim('now-open', new Date(), false);

    const report = await deleteInBatches(deleteOldOrderRequests(order, cutOff(new Date(), 30 * DAY_MS)), {
      batchSize: 2,
      maxBatches: 100,
    });

    expect(report.deleted).toBeGreaterThanOrEqual(3);
    const left = await order.orderRequest.findMany({ where: { ownerKey: owner }, select: { idempotencyKey: true } });
    expect(left.map((row) => row.idempotencyKey).sort()).toEqual(['now-open', 'young-done', 'young-open']);
    await order.orderRequest.deleteMany({ where: { ownerKey: owner } });
  });
});

describe('stock alerts', () => {
  it('are deleted once acknowledged and older than their window; an unacknowledged one stays', async () => {
    const productId = `retention-${newId()}`;
    const alert = async (occurredAt: Date, acknowledgedAt: Date | null) => {
      const id = newId();
      await warehouse.stockAlert.create({
        data: {
          id,
          warehouseId: 'retention-test',
          productId,
          kind: 'STOCK_LOW',
          level: 'LOW',
          previousLevel: 'OK',
          onHand: 1,
          reserved: 0,
          threshold: 5,
          occurredAt,
          acknowledgedAt,
          acknowledgedBy: acknowledgedAt ? 'staff:retention-test' : null,
        },
      });
      return id;
    };
    const gone = [await alert(daysAgo(100), daysAgo(99)), await alert(daysAgo(91), daysAgo(2))];
    const kept = [await alert(daysAgo(400), null), await alert(daysAgo(89), daysAgo(88))];

    await deleteInBatches(deleteAcknowledgedStockAlerts(warehouse, cutOff(new Date(), 90 * DAY_MS)), {
      batchSize: 1,
      maxBatches: 100,
    });

    const left = await warehouse.stockAlert.findMany({ where: { productId }, select: { id: true } });
    expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
    expect(gone.every((id) => !left.some((row) => row.id === id))).toBe(true);
    await warehouse.stockAlert.deleteMany({ where: { productId } });
  });
});

describe('refresh tokens', () => {
  it('are deleted once their sign-in ended longer ago than their window; a running sign-in keeps even used ones', async () => {
    const customerId = newId();
    await customers.customer.create({
      data: { id: customerId, email: `${customerId}@retention.test`, name: 'Retention' },
    });
    const token = async (familyId: string, familyEnded: Date, used: boolean) => {
      const id = newId();
      await customers.refreshToken.create({
        data: {
          id,
          familyId,
          customerId,
          tokenHash: Buffer.from(newId().padEnd(32, '0').slice(0, 32)),
          createdAt: daysAgo(200),
          expiresAt: familyEnded,
          familyExpiresAt: familyEnded,
          usedAt: used ? daysAgo(150) : null,
        },
      });
      return id;
    };
    const ended = newId();
    const gone = [await token(ended, daysAgo(31), true), await token(ended, daysAgo(31), false)];
    const running = newId();
    const kept = [
      await token(running, new Date(Date.now() + 10 * DAY_MS), true),
      await token(running, new Date(Date.now() + 10 * DAY_MS), false),
      await token(newId(), daysAgo(29), false),
    ];

    await deleteInBatches(deleteEndedRefreshTokens(customers, cutOff(new Date(), 30 * DAY_MS)), {
      batchSize: 1,
      maxBatches: 100,
    });

    const left = await customers.refreshToken.findMany({ where: { customerId }, select: { id: true } });
    expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
    expect(gone.some((id) => left.some((row) => row.id === id))).toBe(false);
    await customers.customer.delete({ where: { id: customerId } });
  });
});

describe('dead letters', () => {
  it('are dropped after their retention, a batch at a time; younger ones stay for someone to look at', async () => {
    const tag = newId();
    const letter = (age: number) =>
      deadLetters.add('Probe', { tag }, { jobId: `retention.${tag}.${age}.${newId()}`, timestamp: Date.now() - age });
    const old = await Promise.all([1, 2, 3].map(() => letter(31 * DAY_MS)));
    const young = await Promise.all([1, 2].map(() => letter(29 * DAY_MS)));

    const runs: number[] = [];
    const batch = deleteOldDeadLetters(deadLetters, 30 * DAY_MS);
    const report = await deleteInBatches(
      async (limit) => {
        const deleted = await batch(limit);
        runs.push(deleted);
        return deleted;
      },
      { batchSize: 2, maxBatches: 100 },
    );

    expect(report.deleted).toBeGreaterThanOrEqual(3);
    expect(runs.every((deleted) => deleted <= 2)).toBe(true);
    for (const job of old) expect(await deadLetters.getJob(job.id as string)).toBeUndefined();
    for (const job of young) expect(await deadLetters.getJob(job.id as string)).toBeDefined();
    await Promise.all(young.map((job) => job.remove()));
  });
});
