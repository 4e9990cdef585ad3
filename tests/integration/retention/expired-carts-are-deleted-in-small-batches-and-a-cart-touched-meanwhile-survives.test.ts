import { createHash } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { cutOff } from '../../../shared/retention/retention-settings.js';
import { deleteExpiredCarts } from '../../../subgraphs/order/src/data/cart-retention.js';
import { runRetention } from '../../../workers/src/retention-jobs.js';
import { DAY_MS, daysAgo, orderDb, quietLogger, watched } from './retention.js';

const db = orderDb();
afterAll(() => db.$disconnect());

/** The defaults: guest carts 30 days, customers' 180, empty ones 7. */
const carts = { guestMs: 30 * DAY_MS, customerMs: 180 * DAY_MS, emptyMs: 7 * DAY_MS };

async function cart(owner: 'guest' | 'customer', lastChanged: Date, lines: number): Promise<string> {
  const id = newId();
  await db.cart.create({
    data: {
      id,
      currency: 'EUR',
      ...(owner === 'guest'
        ? { tokenHash: createHash('sha256').update(id).digest('hex') }
        : { customerId: `retention-${newId()}` }),
      lines: { create: Array.from({ length: lines }, () => ({ id: newId(), productId: newId(), quantity: 1 })) },
    },
  });
  // @updatedAt sets now on every Prisma write: the past is written in SQL.
  await db.$executeRaw`UPDATE cart SET updated_at = ${lastChanged} WHERE id = ${id}`;
  return id;
}

const existing = async (ids: readonly string[]) =>
  (await db.cart.findMany({ where: { id: { in: [...ids] } }, select: { id: true } })).map((row) => row.id).sort();

describe('the cart cleanup', () => {
  it('deletes guest, customer and empty carts past their own retention, a few at a time, and keeps the rest', async () => {
    const oldGuests = await Promise.all(Array.from({ length: 7 }, () => cart('guest', daysAgo(31), 2)));
    const oldCustomer = await cart('customer', daysAgo(181), 1);
    const oldEmpty = await cart('customer', daysAgo(8), 0);
    const kept = await Promise.all([
      cart('guest', daysAgo(29), 1), // a guest cart younger than 30 days
      cart('customer', daysAgo(179), 3), // a customer's cart younger than 180 days
      cart('customer', daysAgo(31), 1), // a customer's cart past the guests' period only
      cart('guest', daysAgo(6), 0), // an empty cart younger than 7 days
      cart('guest', new Date(), 1), // a cart in use
    ]);
    const runs: Record<string, number[]> = { empty_cart: [], guest_cart: [], customer_cart: [] };
    const kinds = (['empty_cart', 'guest_cart', 'customer_cart'] as const).map((kind) => ({
      kind,
      batch: (now: Date) =>
        watched(
          deleteExpiredCarts(db, kind, cutOff(now, carts[`${kind.split('_')[0]}Ms` as keyof typeof carts])),
          runs[kind] as number[],
        ),
    }));
    const metrics = new Registry();

    const report = await runRetention({ logger: quietLogger, metrics }, 'cart-cleanup', kinds, {
      batchSize: 2,
      maxBatches: 100,
    });

    expect(report).toEqual({ empty_cart: 1, guest_cart: 7, customer_cart: 1 });
    // Seven guest carts went two by two, each batch its own statement.
    expect(runs.guest_cart).toEqual([2, 2, 2, 1]);
    expect(await existing([...oldGuests, oldCustomer, oldEmpty])).toEqual([]);
    expect(await existing(kept)).toEqual([...kept].sort());
    expect(await db.cartLine.count({ where: { cartId: { in: oldGuests } } })).toBe(0);
    const counted = await metrics.getSingleMetric('retention_deleted_rows_total')?.get();
    expect(Object.fromEntries(counted?.values.map((value) => [value.labels.kind, value.value]) ?? [])).toEqual({
      empty_cart: 1,
      guest_cart: 7,
      customer_cart: 1,
    });
    await db.cart.deleteMany({ where: { id: { in: kept } } });
  });

  it('keeps a cart changed after the run began, even one the run had already found expired', async () => {
    const guests = await Promise.all(Array.from({ length: 7 }, () => cart('guest', daysAgo(40), 1)));
    const runs: number[] = [];
    let touched: string | undefined;
    const batch = watched(
      deleteExpiredCarts(db, 'guest_cart', cutOff(new Date(), carts.guestMs)),
      runs,
      async (run) => {
        if (run !== 1) return;
        // Between the first and second batch, the guest comes back and changes one of the carts left.
        const [left] = await existing(guests);
        touched = left;
        await db.cart.update({ where: { id: left as string }, data: { version: { increment: 1 } } });
      },
    );

    const { deleted } = await runRetention(
      { logger: quietLogger, metrics: new Registry() },
      'cart-cleanup',
      [{ kind: 'guest_cart', batch: () => batch }],
      { batchSize: 2, maxBatches: 100 },
    ).then((report) => ({ deleted: report.guest_cart }));

    expect(deleted).toBe(6);
    expect(runs[0]).toBe(2);
    expect(await existing(guests)).toEqual([touched]);
    await db.cart.delete({ where: { id: touched as string } });
  });

  it('stops after the run limit and leaves the rest to the next run', async () => {
    const guests = await Promise.all(Array.from({ length: 5 }, () => cart('guest', daysAgo(40), 1)));
    const runs: number[] = [];
    const report = await runRetention(
      { logger: quietLogger, metrics: new Registry() },
      'cart-cleanup',
      [
        {
          kind: 'guest_cart',
          batch: (now) => watched(deleteExpiredCarts(db, 'guest_cart', cutOff(now, carts.guestMs)), runs),
        },
      ],
      { batchSize: 2, maxBatches: 1 },
    );
    expect(report).toEqual({ guest_cart: 2 });
    expect(await existing(guests)).toHaveLength(3);
    await db.cart.deleteMany({ where: { id: { in: guests } } });
  });
});
