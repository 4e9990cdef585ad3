import type { Decimal } from 'decimal.js';
import { PromotionEventType } from '../../../../shared/events/promotion-events.js';
import { newId } from '../../../../shared/ids.js';
import { MoneyDecimal, toDecimal } from '../../../../shared/money.js';
import type { OrderPlacementAnswer } from '../../../../shared/order-placements.js';
import { keysetIdFilters, keysetRead, type PageWindow } from '../../../../shared/pagination.js';
import type {
  AppliedDiscount,
  Basket,
  Evaluation,
  PromotionRejection,
  RejectedCode,
} from '../domain/discount-rules.js';
import type { RuleCache } from '../domain/eligibility-rules.js';
import { judgeBasket, needsCustomerFacts } from '../domain/judge-basket.js';
import type { EvaluatePromotionsInput, ReservePromotionUsesInput } from '../domain/promotion-input.js';
import { usageKeys } from '../domain/usage-keys.js';
import type { Prisma, Promotion, PromotionRedemption, RedemptionStatus } from '../generated/prisma/client.js';
import type { PromotionUseMetrics } from '../promotion-metrics.js';
import type { AskCustomerSegments } from '../services/customer.js';
import type { PromotionDatabase } from './database.js';
import { customerUsesOf, listOffers, type PromotionReader } from './promotions.js';
import { appendReleaseEvents, appendUseEvents, type RedemptionRow } from './redemption-events.js';

type Tx = Prisma.TransactionClient;

/** A requested code could not be used: nothing was reserved. */
export class PromotionUnavailable extends Error {
  constructor(readonly rejected: RejectedCode[]) {
    super(`promotion codes unavailable: ${rejected.map((r) => `${r.code} (${r.reason})`).join(', ')}`);
    this.name = 'PromotionUnavailable';
  }
}

/** The order already holds uses, reserved for a different request (or since released). */
export class RedemptionConflict extends Error {
  override name = 'RedemptionConflict';
}

// Reservations queue on the promotion's row lock; under a burst they wait rather than fail.
const RESERVATION_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/**
 * One order's reservations and releases run one at a time (a transaction-scoped advisory lock):
 * twenty identical reservePromotionUses calls for one order reserve once, and a release cannot
 * interleave with the reservation it undoes.
 */
async function lockOrder(tx: Tx, orderId: string): Promise<void> {
  const key = `promotion_redemption:order:${orderId}`;
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${key}::text, 0))`;
}

/**
 * The customer's segments, asked of the customer subgraph only when an offer is limited to
 * segments or has a rule about the customer; null for a guest (who is in none).
 */
async function segmentsFor(
  offers: readonly Promotion[],
  customerId: string | null,
  askSegments: AskCustomerSegments,
): Promise<ReadonlySet<string> | null> {
  if (customerId === null || !needsCustomerFacts(offers)) return null;
  return askSegments(customerId);
}

function basketOf(input: EvaluatePromotionsInput, at: Date): Basket {
  return { currency: input.currency, subtotal: input.subtotal, at, lines: input.lines };
}

/** How a caller judges baskets: the customer subgraph for segments, the compiled rules. */
export interface Judges {
  askSegments: AskCustomerSegments;
  rules: RuleCache;
}

/** What evaluatePromotions answers without reserving anything: a snapshot of counters. */
export async function evaluateNow(
  db: PromotionReader,
  input: EvaluatePromotionsInput,
  at: Date,
  { askSegments, rules }: Judges,
): Promise<Evaluation<Promotion>> {
  const offers = await listOffers(db, input.codes, at);
  const customerSegments = await segmentsFor(offers, input.customerId, askSegments);
  const keys = usageKeys(input);
  const customerUses =
    keys.length === 0
      ? null
      : await customerUsesOf(
          db,
          keys,
          offers.filter((o) => o.perCustomerLimit !== null).map((o) => o.id),
        );
  return judgeBasket(rules, {
    basket: basketOf(input, at),
    codes: input.codes,
    offers,
    customerUses,
    customerSegments,
    channel: input.channel,
  });
}

type LimitReached = Extract<PromotionRejection, 'USAGE_LIMIT_REACHED' | 'CUSTOMER_LIMIT_REACHED'>;
type UseOutcome = 'TAKEN' | LimitReached;

/**
 * Takes one use of a promotion for an orderer. Invariant kept: times_used never exceeds
 * usage_limit, and the uses under each of the orderer's usage keys (their customer id, their
 * e-mail: domain/usage-keys.ts) never exceed per_customer_limit, however many orders race —
 * also a customer's order racing a guest's of the same e-mail. Each limit is one conditional
 * statement: PostgreSQL re-checks the condition on the row's latest version after waiting for
 * its lock, so the last use goes to exactly one order.
 */
async function takeUse(tx: Tx, promotionId: string, keys: readonly string[]): Promise<UseOutcome> {
  const taken = await tx.$queryRaw<{ per_customer_limit: number | null }[]>`
    UPDATE promotion SET times_used = times_used + 1
     WHERE id = ${promotionId} AND (usage_limit IS NULL OR times_used < usage_limit)
    RETURNING per_customer_limit`;
  const row = taken[0];
  if (row === undefined) return 'USAGE_LIMIT_REACHED';
  const limit = row.per_customer_limit;
  // Counted even without a per-customer limit, so a limit added later starts from the truth.
  // Keys are taken in sorted order, so two orders sharing keys lock their rows in one order.
  const sorted = [...keys].sort();
  const keysTaken: string[] = [];
  for (const key of sorted) {
    const counted = await tx.$queryRaw<{ uses: number }[]>`
      INSERT INTO promotion_customer_usage (promotion_id, customer_id, uses) VALUES (${promotionId}, ${key}, 1)
      ON CONFLICT (promotion_id, customer_id) DO UPDATE SET uses = promotion_customer_usage.uses + 1
       WHERE ${limit}::int IS NULL OR promotion_customer_usage.uses < ${limit}::int
      RETURNING uses`;
    if (counted.length === 0) {
      await tx.$executeRaw`UPDATE promotion SET times_used = times_used - 1 WHERE id = ${promotionId}`;
      await tx.$executeRaw`
        UPDATE promotion_customer_usage SET uses = uses - 1
         WHERE promotion_id = ${promotionId} AND customer_id = ANY(${keysTaken}::text[])`;
      return 'CUSTOMER_LIMIT_REACHED';
    }
    keysTaken.push(key);
  }
  return 'TAKEN';
}

/**
 * Gives one use back to the promotion and the customer. The counters never go below zero; the
 * `> 0` guards keep a hand-corrected counter from blocking a release forever.
 */
async function giveUseBack(tx: Tx, promotionId: string, keys: readonly string[]): Promise<void> {
  await tx.$executeRaw`UPDATE promotion SET times_used = times_used - 1 WHERE id = ${promotionId} AND times_used > 0`;
  await tx.$executeRaw`
    UPDATE promotion_customer_usage SET uses = uses - 1
     WHERE promotion_id = ${promotionId} AND customer_id = ANY(${[...keys]}::text[]) AND uses > 0`;
}

/**
 * Takes one use of each promotion, in id order, stopping at the first whose limit is reached
 * (returned; null when all were taken). Invariant kept: no deadlock between reservations.
 * Every transaction locks promotion rows in the same (id) order, and never takes a lock while
 * holding one with a higher id, so two orders reserving the same promotions cannot wait for
 * each other. The caller must give back this call's locks before taking any others.
 */
async function takeUsesInIdOrder(
  tx: Tx,
  promotions: readonly Promotion[],
  keys: readonly string[],
): Promise<{ promotion: Promotion; outcome: LimitReached } | null> {
  const inIdOrder = [...promotions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const promotion of inIdOrder) {
    const outcome = await takeUse(tx, promotion.id, keys);
    if (outcome !== 'TAKEN') return { promotion, outcome };
  }
  return null;
}

type StoredRedemption = PromotionRedemption & { promotion: Promotion };

/** A repeated reservation answers what the first one reserved, if it asked for the same thing. */
function replay(stored: StoredRedemption[], input: ReservePromotionUsesInput): Evaluation<Promotion> {
  const live = stored.filter((r) => r.status !== 'RELEASED');
  const sameRequest =
    live.length > 0 &&
    stored.every(
      (r) => r.customerId === input.customerId && (r.email ?? null) === input.email && r.currency === input.currency,
    ) &&
    sameCodes(
      live.flatMap((r) => (r.promotion.code === null ? [] : [r.promotion.code])),
      input.codes,
    );
  if (!sameRequest) {
    throw new RedemptionConflict(
      live.length === 0
        ? `the promotion uses of order ${input.orderId} were released`
        : `order ${input.orderId} already holds promotion uses for a different request`,
    );
  }
  const applied: AppliedDiscount<Promotion>[] = live.map((r) => ({
    promotion: r.promotion,
    discount: toDecimal(r.discount),
    // How a held discount was spread over lines is not stored.
    lines: [],
  }));
  // A retried reservation answers what the first one held: those are the promotions that count.
  const considered = applied.map(({ promotion, discount }) => ({ promotion, discount, reason: null }));
  return { discountTotal: sumOf(applied), applied, rejected: [], considered };
}

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function sumOf(applied: readonly AppliedDiscount[]): Decimal {
  return applied.reduce((sum, a) => sum.plus(a.discount), new MoneyDecimal(0));
}

/**
 * Reserves one use of each promotion the order gets, in one transaction: either every requested
 * code is reserved or nothing is (PromotionUnavailable). An automatic promotion whose limit was
 * reached meanwhile is left out and the order re-evaluated without it. Idempotent per order.
 */
export async function reserveUses(
  db: PromotionDatabase,
  input: ReservePromotionUsesInput,
  at: Date,
  { askSegments, rules }: Judges,
  uses?: PromotionUseMetrics,
): Promise<Evaluation<Promotion>> {
  // Uses this call took; a repeated reservation answers the first one's and takes none.
  let held = 0;
  const evaluation = await db.$transaction(async (tx) => {
    await lockOrder(tx, input.orderId);
    const stored = await tx.promotionRedemption.findMany({
      where: { orderId: input.orderId },
      include: { promotion: true },
      orderBy: { promotionId: 'asc' },
    });
    if (stored.length > 0) return replay(stored, input);

    let offers = await listOffers(tx, input.codes, at);
    const keys = usageKeys(input);
    const customerUses = await customerUsesOf(
      tx,
      keys,
      offers.map((o) => o.id),
    );
    // Asked inside the reservation, after its offers are read: the segments judged are those
    // of this moment, not of an earlier evaluation of the cart. Only the order's advisory lock
    // is held meanwhile; promotion rows are locked later, by takeUse.
    const customerSegments = await segmentsFor(offers, input.customerId, askSegments);
    // Every pass starts from this savepoint. Rolling back to it gives back the uses the pass
    // took and, with them, their row locks: a pass that finds a promotion used up restarts with
    // no lock held, so each pass locks in id order from scratch (see takeUsesInIdOrder).
    await tx.$executeRaw`SAVEPOINT reservation_pass`;
    for (;;) {
      const evaluation = await judgeBasket(rules, {
        basket: basketOf(input, at),
        codes: input.codes,
        offers,
        customerUses,
        customerSegments,
        channel: input.channel,
      });
      if (evaluation.rejected.length > 0) throw new PromotionUnavailable(evaluation.rejected);
      const exhausted = await takeUsesInIdOrder(
        tx,
        evaluation.applied.map((a) => a.promotion),
        keys,
      );
      if (exhausted === null) {
        if (evaluation.applied.length > 0) {
          const rows: RedemptionRow[] = evaluation.applied.map((a) => ({
            id: newId(),
            promotionId: a.promotion.id,
            orderId: input.orderId,
            cartId: input.cartId,
            customerId: input.customerId,
            discount: a.discount.toFixed(),
            currency: input.currency,
          }));
          await tx.promotionRedemption.createMany({
            data: rows.map((row) => ({ ...row, discount: row.discount.toString(), email: input.email })),
          });
          // In the same transaction as the uses: a reservation that rolls back leaves no event.
          await appendUseEvents(tx, PromotionEventType.PromotionUseHeld, rows, at);
        }
        held = evaluation.applied.length;
        return evaluation;
      }
      const { promotion, outcome } = exhausted;
      if (promotion.code !== null) throw new PromotionUnavailable([{ code: promotion.code, reason: outcome }]);
      // An automatic promotion ran out while we looked: the order simply does not get it. The
      // next pass may pick a promotion with a lower id than one this pass locked, so this pass's
      // uses and locks go back first.
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT reservation_pass`;
      offers = offers.filter((o) => o.id !== promotion.id);
    }
  }, RESERVATION_TRANSACTION);
  uses?.changed('held', held);
  return evaluation;
}

/**
 * Gives back the uses the order holds in the given states and marks them RELEASED, inside the
 * caller's transaction. Returns how many were released (0 when there were none: idempotent).
 * With `eventVersion` (an order event asks), uses held again after a later version of the
 * order (renewed_at_version) are newer than the event and stay.
 */
export async function releaseOrderUses(
  tx: Tx,
  orderId: string,
  reason: string,
  statuses: readonly Exclude<RedemptionStatus, 'RELEASED'>[],
  eventVersion: number | null = null,
): Promise<number> {
  await lockOrder(tx, orderId);
  const held = await tx.$queryRaw<(RedemptionRow & { email: string | null; status: string })[]>`
    SELECT id, promotion_id AS "promotionId", order_id AS "orderId", cart_id AS "cartId",
           customer_id AS "customerId", email, discount, currency, status::text AS status
      FROM promotion_redemption
     WHERE order_id = ${orderId} AND status::text = ANY(${[...statuses]}::text[])
       AND (${eventVersion}::int IS NULL OR renewed_at_version IS NULL OR renewed_at_version < ${eventVersion}::int)
     ORDER BY promotion_id
       FOR UPDATE`;
  for (const row of held) {
    await giveUseBack(tx, row.promotionId, usageKeys({ customerId: row.customerId, email: row.email }));
  }
  if (held.length > 0) {
    await tx.$executeRaw`
      UPDATE promotion_redemption SET status = 'RELEASED', release_reason = ${reason}, updated_at = now()
       WHERE id = ANY(${held.map((row) => row.id)}::text[])`;
    await appendReleaseEvents(tx, held, reason, new Date());
  }
  return held.length;
}

/** renewOrderUses in a transaction of its own (see there). */
export async function renewUses(
  db: PromotionDatabase,
  orderId: string,
  renewedAtVersion: number,
  uses?: PromotionUseMetrics,
): Promise<number> {
  const renewed = await db.$transaction((tx) => renewOrderUses(tx, orderId, renewedAtVersion), RESERVATION_TRANSACTION);
  uses?.changed('held', renewed.retaken);
  return renewed.held;
}

/** The compensation of a failed order placement: its HELD uses go back. */
export async function releaseHeldUses(
  db: PromotionDatabase,
  orderId: string,
  reason: string,
  uses?: PromotionUseMetrics,
): Promise<number> {
  const released = await db.$transaction(
    (tx) => releaseOrderUses(tx, orderId, reason, ['HELD']),
    RESERVATION_TRANSACTION,
  );
  uses?.changed('released', released);
  return released;
}

/** The order was paid: its held uses count for good. Returns how many were confirmed. */
export async function confirmOrderUses(tx: Tx, orderId: string): Promise<number> {
  await lockOrder(tx, orderId);
  const confirmed = await tx.$queryRaw<RedemptionRow[]>`
    UPDATE promotion_redemption SET status = 'CONFIRMED', updated_at = now()
     WHERE order_id = ${orderId} AND status = 'HELD'
    RETURNING id, promotion_id AS "promotionId", order_id AS "orderId", cart_id AS "cartId",
              customer_id AS "customerId", discount, currency`;
  await appendUseEvents(tx, PromotionEventType.PromotionUseConfirmed, confirmed, new Date());
  return confirmed.length;
}

/** The order exists (its OrderPlaced event, or the sweep asked): only its own events release its uses now. */
export async function confirmOrderPlaced(db: Tx | PromotionDatabase, orderId: string, now: Date): Promise<number> {
  return db.$executeRaw`
    UPDATE promotion_redemption SET order_confirmed_at = ${now}
     WHERE order_id = ${orderId} AND order_confirmed_at IS NULL`;
}

/** Whether each order id became an order (shared/order-placements.ts, asked of the order subgraph). */
export type AskOrderPlacements = (orderIds: readonly string[]) => Promise<Map<string, OrderPlacementAnswer>>;

export interface StaleHoldsResult {
  /** Uses released: their order was never placed. */
  released: number;
  /** Orders that exist though OrderPlaced has not arrived yet: their uses are kept. */
  confirmed: number;
}

/**
 * Releases HELD uses older than `maxAgeSeconds` whose order was never placed: the order
 * subgraph failed between reserving and committing, and its compensation was lost. Age alone
 * proves nothing — the order's events may simply lag (workers down, a lost job) — so the order
 * subgraph is asked: an order that exists keeps its uses (confirmed here, left to its events),
 * one still being placed is left for the next run, and only NOT_PLACED is released. If the
 * order subgraph cannot answer, nothing is released. At most `batchSize` orders per run.
 */
export async function releaseStaleHolds(
  db: PromotionDatabase,
  askOrders: AskOrderPlacements,
  options: { now: Date; maxAgeSeconds: number; batchSize?: number; uses?: PromotionUseMetrics },
): Promise<StaleHoldsResult> {
  const before = new Date(options.now.getTime() - options.maxAgeSeconds * 1000);
  const orders = await db.$queryRaw<{ orderId: string }[]>`
    SELECT order_id AS "orderId" FROM promotion_redemption
     WHERE status = 'HELD' AND order_confirmed_at IS NULL AND created_at < ${before}
     GROUP BY order_id ORDER BY min(created_at), order_id LIMIT ${options.batchSize ?? 100}`;
  const result: StaleHoldsResult = { released: 0, confirmed: 0 };
  if (orders.length === 0) return result;
  const placements = await askOrders(orders.map((order) => order.orderId));
  for (const { orderId } of orders) {
    const placement = placements.get(orderId);
    if (placement?.state === 'PLACED') {
      await confirmOrderPlaced(db, orderId, options.now);
      result.confirmed++;
    } else if (placement?.state === 'NOT_PLACED') {
      const released = await db.$transaction((tx) =>
        releaseOrderUses(tx, orderId, `held longer than ${options.maxAgeSeconds} s; the order was never placed`, [
          'HELD',
        ]),
      );
      options.uses?.changed('released', released);
      result.released += released;
    }
  }
  return result;
}

/**
 * Takes the order's uses again after they were released — a payment that arrived after the
 * order expired revives it — under the same atomic limits as a first reservation (takeUse, in
 * promotion id order). HELD uses only record the renewal. Throws PromotionUnavailable when a
 * limit was reached meanwhile; the caller's transaction then rolls back, changing nothing.
 * Returns how many uses are held for the order, and how many of them were taken again.
 */
export async function renewOrderUses(
  tx: Tx,
  orderId: string,
  renewedAtVersion: number,
): Promise<{ held: number; retaken: number }> {
  await lockOrder(tx, orderId);
  const stored = await tx.promotionRedemption.findMany({
    where: { orderId, status: { in: ['HELD', 'RELEASED'] } },
    include: { promotion: true },
    orderBy: { promotionId: 'asc' },
  });
  const released = stored.filter((r) => r.status === 'RELEASED');
  for (const redemption of released) {
    const outcome = await takeUse(tx, redemption.promotionId, usageKeys(redemption));
    if (outcome !== 'TAKEN') {
      throw new PromotionUnavailable([
        { code: redemption.promotion.code ?? redemption.promotion.name, reason: outcome },
      ]);
    }
  }
  await tx.$executeRaw`
    UPDATE promotion_redemption
       SET status = 'HELD', release_reason = NULL, order_confirmed_at = COALESCE(order_confirmed_at, now()),
           renewed_at_version = GREATEST(COALESCE(renewed_at_version, 0), ${renewedAtVersion}::int), updated_at = now()
     WHERE order_id = ${orderId} AND status IN ('HELD', 'RELEASED')`;
  // Uses taken again are held anew; those still HELD only recorded the renewal.
  await appendUseEvents(tx, PromotionEventType.PromotionUseHeld, released, new Date());
  return { held: stored.length, retaken: released.length };
}

/**
 * A page of a promotion's redemptions, oldest first (a keyset read of `size + 1` rows on the
 * (promotion_id, id) index), and whether any lies beyond the starting cursor: two index reads,
 * run together.
 */
export async function readRedemptions(
  db: PromotionDatabase,
  promotionId: string,
  window: PageWindow,
): Promise<{ rows: PromotionRedemption[]; rowsBeyondCursor: boolean }> {
  const read = keysetRead(window, 'ascending');
  const ids = keysetIdFilters(read);
  const [rows, beyond] = await Promise.all([
    db.promotionRedemption.findMany({
      where: {
        promotionId,
        id: ids.page,
      },
      orderBy: { id: read.descending ? 'desc' : 'asc' },
      take: read.limit,
    }),
    ids.beyond &&
      db.promotionRedemption.findFirst({
        where: {
          promotionId,
          id: ids.beyond,
        },
        orderBy: { id: ids.beyondOrder },
        select: { id: true },
      }),
  ]);
  return { rows, rowsBeyondCursor: Boolean(beyond) };
}

/** Every use of a promotion ever recorded, released ones included. */
export function countRedemptions(db: PromotionDatabase, promotionId: string): Promise<number> {
  return db.promotionRedemption.count({ where: { promotionId } });
}
