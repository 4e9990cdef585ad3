import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { isUniqueViolation } from '../../../../shared/database.js';
import { newId } from '../../../../shared/ids.js';
import { keysetIdFilters, keysetRead, type PageWindow } from '../../../../shared/pagination.js';
import { conflictsOf } from '../domain/promotion-conflicts.js';
import type { PromotionTerms } from '../domain/promotion-input.js';
import { Prisma, type Promotion, type PromotionChange } from '../generated/prisma/client.js';
import type { PromotionDatabase } from './database.js';

/**
 * Staff's changes to promotions. Every change — create, update, pause, resume, end — bumps the
 * promotion's version and appends the terms it leaves to promotion_version, in one transaction.
 * Changes run one at a time (a transaction-scoped advisory lock): two admins saving overlapping
 * promotions at once cannot both pass the conflict check. Reservations, which only touch
 * times_used, do not take that lock and are never slowed by it.
 */

type Tx = Prisma.TransactionClient;

export interface ChangeMeta {
  actor: AuditActor;
  requestId: string | null;
  /** Saving over conflicts with running or scheduled promotions was explicitly accepted. */
  acceptConflicts: boolean;
  now: Date;
}

export interface PromotionSummary {
  id: string;
  code: string | null;
  name: string;
}

/** The code is another promotion's (`CODE_TAKEN`), or the terms overlap others (`OVERLAPS`, acceptable). */
export class PromotionConflict extends Error {
  constructor(
    readonly reason: 'CODE_TAKEN' | 'OVERLAPS',
    readonly promotions: PromotionSummary[],
  ) {
    super(
      reason === 'CODE_TAKEN'
        ? `The code is already used by promotion ${describe(promotions)}`
        : `It conflicts with ${describe(promotions)}: same exclusivity group and priority, overlapping dates and targets`,
    );
    this.name = 'PromotionConflict';
  }
}

/** The promotion changed since the caller read it. */
export class StaleVersion extends Error {
  constructor(readonly currentVersion: number) {
    super(`The promotion changed since it was read (now at version ${currentVersion})`);
    this.name = 'StaleVersion';
  }
}

/** The change makes no sense in the promotion's state (pausing a paused one, changing an ended one). */
export class WrongState extends Error {
  override name = 'WrongState';
}

export class UsageLimitBelowUses extends Error {
  constructor(readonly timesUsed: number) {
    super(`must be at least the ${timesUsed} uses already held or confirmed`);
    this.name = 'UsageLimitBelowUses';
  }
}

function describe(promotions: readonly PromotionSummary[]): string {
  return promotions.map((p) => `${p.name}${p.code ? ` (${p.code})` : ''} [${p.id}]`).join(', ');
}

const summary = ({ id, code, name }: Promotion): PromotionSummary => ({ id, code, name });

async function lockManagement(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended('promotion:management', 0))`;
}

/** The terms as promotion-input.ts `promotionTerms` takes them back: the base of a partial update. */
export function termsOf(row: Promotion): Record<string, unknown> {
  return {
    code: row.code,
    name: row.name,
    description: row.description,
    kind: row.kind,
    value: row.value.toFixed(),
    currency: row.currency,
    minimumSubtotal: row.minimumSubtotal?.toFixed() ?? null,
    maxDiscount: row.maxDiscount?.toFixed() ?? null,
    discountBudget: row.discountBudget?.toFixed() ?? null,
    stackable: row.stackable,
    advertised: row.advertised,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    usageLimit: row.usageLimit,
    perCustomerLimit: row.perCustomerLimit,
    segments: row.segments,
    priority: row.priority,
    exclusivityGroup: row.exclusivityGroup,
    targetProductIds: row.targetProductIds,
    targetCategoryIds: row.targetCategoryIds,
    rule: row.rule,
  };
}

/** What promotion_version keeps of a version: the terms as JSON, plus whether it was paused. */
function snapshotOf(row: Promotion): Prisma.InputJsonValue {
  const terms = termsOf(row);
  return JSON.parse(JSON.stringify({ ...terms, pausedAt: row.pausedAt })) as Prisma.InputJsonValue;
}

function columnsOf(terms: PromotionTerms) {
  return {
    ...terms,
    value: terms.value.toFixed(),
    minimumSubtotal: terms.minimumSubtotal?.toFixed() ?? null,
    maxDiscount: terms.maxDiscount?.toFixed() ?? null,
    discountBudget: terms.discountBudget?.toFixed() ?? null,
    // Prisma writes SQL NULL into a Json column only when told so explicitly.
    rule: terms.rule === null ? Prisma.DbNull : (terms.rule as Prisma.InputJsonValue),
  };
}

/** Refuses a taken code, and overlaps unless accepted; returns the overlaps accepted. */
async function checkConflicts(tx: Tx, id: string, terms: PromotionTerms, meta: ChangeMeta): Promise<string[]> {
  if (terms.code !== null) {
    const holder = await tx.promotion.findFirst({ where: { code: terms.code, id: { not: id } } });
    if (holder) throw new PromotionConflict('CODE_TAKEN', [summary(holder)]);
  }
  if (terms.exclusivityGroup === null) return [];
  const sameGroup = await tx.promotion.findMany({
    where: { exclusivityGroup: terms.exclusivityGroup, priority: terms.priority, id: { not: id } },
  });
  const conflicts = conflictsOf({ id, ...terms }, sameGroup, meta.now);
  if (conflicts.length > 0 && !meta.acceptConflicts) throw new PromotionConflict('OVERLAPS', conflicts.map(summary));
  return conflicts.map((c) => c.id);
}

async function recordVersion(
  tx: Tx,
  row: Promotion,
  change: PromotionChange,
  meta: ChangeMeta,
  acceptedConflicts: string[] = [],
): Promise<void> {
  await tx.promotionVersion.create({
    data: {
      promotionId: row.id,
      version: row.version,
      change,
      terms: snapshotOf(row),
      actor: meta.actor,
      requestId: meta.requestId,
      acceptedConflicts,
    },
  });
}

/** A unique violation that slipped past the check (another writer outside this module). */
async function codeTakenOnRace<T>(write: () => Promise<T>, code: string | null): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new PromotionConflict('CODE_TAKEN', [{ id: 'unknown', code, name: 'another promotion' }]);
    }
    throw error;
  }
}

export function createManagedPromotion(db: PromotionDatabase, terms: PromotionTerms, meta: ChangeMeta) {
  return codeTakenOnRace(
    () =>
      db.$transaction(async (tx) => {
        await lockManagement(tx);
        const id = newId();
        const accepted = await checkConflicts(tx, id, terms, meta);
        const row = await tx.promotion.create({ data: { ...columnsOf(terms), id } });
        await recordVersion(tx, row, 'CREATED', meta, accepted);
        return row;
      }),
    terms.code,
  );
}

/** Reads the promotion inside the change's transaction and checks the version the caller read. */
async function current(tx: Tx, id: string, expectedVersion: number): Promise<Promotion | null> {
  const row = await tx.promotion.findUnique({ where: { id } });
  if (row && row.version !== expectedVersion) throw new StaleVersion(row.version);
  return row;
}

function isEnded(row: Promotion, at: Date): boolean {
  return row.endsAt !== null && row.endsAt <= at;
}

/**
 * Applies new terms (already merged with the current ones by the caller and validated) to a
 * promotion. Null when there is no such promotion.
 */
export function updateManagedPromotion(
  db: PromotionDatabase,
  id: string,
  expectedVersion: number,
  nextTerms: (row: Promotion) => PromotionTerms,
  meta: ChangeMeta,
): Promise<Promotion | null> {
  return codeTakenOnRace(
    () =>
      db.$transaction(async (tx) => {
        await lockManagement(tx);
        const row = await current(tx, id, expectedVersion);
        if (!row) return null;
        if (isEnded(row, meta.now)) throw new WrongState('An ended promotion cannot be changed; create a new one');
        const terms = nextTerms(row);
        if (terms.usageLimit !== null && terms.usageLimit < row.timesUsed) {
          throw new UsageLimitBelowUses(row.timesUsed);
        }
        const accepted = await checkConflicts(tx, id, terms, meta);
        // Only the terms are written: times_used, moved by reservations meanwhile, is left as it is.
        const updated = await tx.promotion.update({
          where: { id },
          data: { ...columnsOf(terms), version: { increment: 1 } },
        });
        await recordVersion(tx, updated, 'UPDATED', meta, accepted);
        return updated;
      }),
    null,
  );
}

export type StateChange = Extract<PromotionChange, 'PAUSED' | 'RESUMED' | 'ENDED'>;

/** Pauses, resumes or ends a promotion. Null when there is no such promotion. */
export function changePromotionState(
  db: PromotionDatabase,
  id: string,
  expectedVersion: number,
  change: StateChange,
  meta: ChangeMeta,
): Promise<Promotion | null> {
  return db.$transaction(async (tx) => {
    await lockManagement(tx);
    const row = await current(tx, id, expectedVersion);
    if (!row) return null;
    if (isEnded(row, meta.now)) throw new WrongState('The promotion has ended');
    let data: Prisma.PromotionUpdateInput;
    if (change === 'PAUSED') {
      if (row.pausedAt !== null) throw new WrongState('The promotion is already paused');
      data = { pausedAt: meta.now };
    } else if (change === 'RESUMED') {
      if (row.pausedAt === null) throw new WrongState('The promotion is not paused');
      data = { pausedAt: null };
    } else {
      // A promotion that had not started gets a window entirely in the past: it never runs,
      // and the history still says when it was meant to start.
      const startsAt = row.startsAt < meta.now ? row.startsAt : new Date(meta.now.getTime() - 1);
      data = { endsAt: meta.now, startsAt };
    }
    const updated = await tx.promotion.update({ where: { id }, data: { ...data, version: { increment: 1 } } });
    await recordVersion(tx, updated, change, meta);
    return updated;
  });
}

/** A promotion's versions, oldest first. */
export function listVersions(db: PromotionDatabase, promotionId: string) {
  return db.promotionVersion.findMany({ where: { promotionId }, orderBy: { version: 'asc' } });
}

/** A page of every promotion, newest first (ids are ULIDs, so by creation), and whether any lies before the cursor. */
export async function readPromotions(
  db: PromotionDatabase,
  window: PageWindow,
): Promise<{ rows: Promotion[]; rowsBeyondCursor: boolean }> {
  const read = keysetRead(window, 'descending');
  const ids = keysetIdFilters(read);
  const [rows, beyond] = await Promise.all([
    db.promotion.findMany({
      where: { id: ids.page },
      orderBy: { id: read.descending ? 'desc' : 'asc' },
      take: read.limit,
    }),
    ids.beyond &&
      db.promotion.findFirst({ where: { id: ids.beyond }, orderBy: { id: ids.beyondOrder }, select: { id: true } }),
  ]);
  return { rows, rowsBeyondCursor: Boolean(beyond) };
}

/** Version 1 of promotions written without one (the demo seed): their history starts as they are. */
export async function recordFirstVersions(db: PromotionDatabase, actor: AuditActor): Promise<void> {
  const rows = await db.promotion.findMany({ where: { versions: { none: {} } } });
  await db.promotionVersion.createMany({
    data: rows.map((row) => ({
      promotionId: row.id,
      version: row.version,
      change: 'CREATED' as const,
      terms: snapshotOf(row),
      actor,
    })),
    skipDuplicates: true,
  });
}
