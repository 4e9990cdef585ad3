import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { deleteInBatches } from '../../../shared/retention/batched-delete.js';
import { deleteExpiredImports } from '../../../subgraphs/order/src/data/bulk-order-imports.js';
import { DAY_MS, daysAgo, orderDb, watched } from './retention.js';

const db = orderDb();
const mine: string[] = [];

afterAll(async () => {
  await db.bulkOrderImport.deleteMany({ where: { id: { in: mine } } });
});

async function anImport(expiresAt: Date): Promise<string> {
  const id = newId();
  mine.push(id);
  await db.bulkOrderImport.create({
    data: {
      id,
      createdBy: `staff:${newId()}`,
      format: 'CSV',
      mode: 'BEST_EFFORT',
      fileKey: `retention-${id}`,
      status: 'COMPLETED',
      createdAt: new Date(expiresAt.getTime() - 30 * DAY_MS),
      expiresAt,
    },
  });
  return id;
}

describe('bulk order imports past their report retention', () => {
  it('are deleted a batch at a time; an import whose report is still kept stays', async () => {
    const expired = await Promise.all([1, 2, 3, 4, 5].map((days) => anImport(daysAgo(days))));
    const kept = await anImport(new Date(Date.now() + DAY_MS));

    const runs: number[] = [];
    const report = await deleteInBatches(watched(deleteExpiredImports(db, new Date()), runs), {
      batchSize: 2,
      maxBatches: 100,
    });

    expect(report.deleted).toBeGreaterThanOrEqual(5);
    expect(runs.every((deleted) => deleted <= 2)).toBe(true);
    const left = await db.bulkOrderImport.findMany({ where: { id: { in: [...expired, kept] } }, select: { id: true } });
    expect(left.map((row) => row.id)).toEqual([kept]);
  });
});
