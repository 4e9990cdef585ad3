import type { GraphQLError } from 'graphql';
import { forbidden } from '../../../../shared/auth/rules.js';
import { conflict, notFound } from '../../../../shared/errors.js';
import { newId } from '../../../../shared/ids.js';
import { type Connection, keysetRead, type PageWindow, toConnection } from '../../../../shared/pagination.js';
import {
  claimRefusal,
  decisionRefusal,
  type ModerationAction,
  type ModerationDecision,
  type ModerationRefusal,
  OUTCOME_OF,
} from '../domain/moderation.js';
import { type CountedReview, ratingDelta } from '../domain/rating-summary.js';
import type { ScreeningReason } from '../domain/screening.js';
import { Prisma, type Review, type ReviewModerationAudit } from '../generated/prisma/client.js';
import type { ReviewDatabase } from './database.js';
import { applyRatingDelta } from './rating-summaries.js';

type Tx = Prisma.TransactionClient;

/** Who acts: their audit actor (`staff:<id>`), whether they are an admin, and their request. */
export interface Moderator {
  actor: string;
  isAdmin: boolean;
  requestId: string | null;
}

export type ModerationQueueRows = Connection<Review>;

const REVIEW_COLUMNS = Prisma.sql`id, product_id AS "productId", customer_id AS "customerId", rating, title, body,
  status, verified_purchase AS "verifiedPurchase", screening_reasons AS "screeningReasons", version,
  created_at AS "createdAt", updated_at AS "updatedAt", claimed_by AS "claimedBy",
  claimed_until AS "claimedUntil", rejection_reason AS "rejectionReason"`;

const counted = (review: Pick<Review, 'status' | 'rating'>): CountedReview => ({
  published: review.status === 'APPROVED',
  rating: review.rating,
});

function refusalError(refusal: ModerationRefusal, id: string): GraphQLError {
  switch (refusal.reason) {
    case 'NOT_FOUND':
      return notFound(`No review ${id}`);
    case 'NOT_WAITING':
      return conflict(`Review ${id} is not waiting for a decision (it is ${refusal.status})`, {
        reason: 'NOT_WAITING',
        status: refusal.status,
      });
    case 'ADMINS_ONLY':
      return forbidden('Only an admin decides an escalated review');
    case 'CLAIMED':
      return conflict(`Review ${id} is claimed by ${refusal.claimedBy}`, {
        reason: 'CLAIMED',
        claimedBy: refusal.claimedBy,
        claimedUntil: refusal.claimedUntil.toISOString(),
      });
    case 'NOT_CLAIMED':
      return conflict(`Claim review ${id} before deciding it`, {
        reason: 'NOT_CLAIMED',
        claimedBy: refusal.claimedBy,
        claimedUntil: refusal.claimedUntil?.toISOString() ?? null,
      });
  }
}

function audit(tx: Tx, reviewId: string, action: ModerationAction, who: Moderator, note: string | null) {
  return tx.reviewModerationAudit.create({
    data: { id: newId(), reviewId, action, actor: who.actor, note, requestId: who.requestId },
  });
}

/** A claim attempt loses only to a claim that holds; one that lapsed in between is tried again. */
const CLAIM_ATTEMPTS = 3;

/**
 * Takes a waiting review for `ttlSeconds`. One conditional UPDATE decides: of two moderators
 * claiming at once, PostgreSQL's row lock lets one UPDATE match and re-checks the other against
 * the committed claim, which then no longer matches. The clock is the database's, so replicas'
 * clocks cannot disagree about when a claim lapses.
 */
export async function claimReview(db: ReviewDatabase, id: string, who: Moderator, ttlSeconds: number): Promise<Review> {
  for (let attempt = 1; ; attempt++) {
    const claimed = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Review[]>`
        UPDATE review
        SET claimed_by = ${who.actor}, claimed_until = now() + make_interval(secs => ${ttlSeconds}::int)
        WHERE id = ${id}
          AND (status = 'PENDING' OR (status = 'ESCALATED' AND ${who.isAdmin}))
          AND (claimed_by IS NULL OR claimed_until <= now() OR claimed_by = ${who.actor})
        RETURNING ${REVIEW_COLUMNS}`;
      const review = rows[0];
      if (review) await audit(tx, id, 'CLAIMED', who, null);
      return review ?? null;
    });
    if (claimed) return claimed;
    // Nothing matched: read why, as of now, with the database's clock.
    const states = await db.$queryRaw<(Pick<Review, 'status' | 'claimedBy' | 'claimedUntil'> & { now: Date })[]>`
      SELECT status, claimed_by AS "claimedBy", claimed_until AS "claimedUntil", now() AS now
      FROM review WHERE id = ${id}`;
    const state = states[0] ?? null;
    const refusal = claimRefusal(state, who.actor, who.isAdmin, state?.now ?? new Date());
    if (refusal) throw refusalError(refusal, id);
    if (attempt >= CLAIM_ATTEMPTS) throw conflict(`Review ${id} is being claimed; try again`, { reason: 'CLAIMED' });
  }
}

/**
 * Decides a claimed review: its status, its rating summary and the history change in one
 * transaction. The row is locked first, so the claim checked is the claim that holds until
 * commit, and the summary change is computed from the status this decision replaces.
 */
export async function decideReview(
  db: ReviewDatabase,
  id: string,
  who: Moderator,
  decision: ModerationDecision,
  note: string | null,
): Promise<Review> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      (Pick<Review, 'status' | 'rating' | 'productId' | 'claimedBy' | 'claimedUntil'> & { now: Date })[]
    >`
      SELECT status, rating, product_id AS "productId", claimed_by AS "claimedBy",
             claimed_until AS "claimedUntil", now() AS now
      FROM review WHERE id = ${id} FOR UPDATE`;
    const current = rows[0] ?? null;
    const refusal = decisionRefusal(current, who.actor, who.isAdmin, decision, current?.now ?? new Date());
    if (refusal) throw refusalError(refusal, id);
    if (!current) throw notFound(`No review ${id}`);
    const { status, action } = OUTCOME_OF[decision];
    // The claim ends with the decision: an escalated review waits, unclaimed, for an admin.
    const [review] = await tx.$queryRaw<Review[]>`
      UPDATE review
      SET status = ${status}::"ReviewStatus", claimed_by = NULL, claimed_until = NULL,
          rejection_reason = ${decision === 'REJECT' ? note : null}, updated_at = now()
      WHERE id = ${id}
      RETURNING ${REVIEW_COLUMNS}`;
    if (!review) throw new Error(`Review ${id} vanished under its row lock`);
    await applyRatingDelta(tx, current.productId, ratingDelta(counted(current), counted(review)));
    await audit(tx, id, action, who, note);
    return review;
  });
}

export interface QueueFilter {
  reason: ScreeningReason | null;
  productId: string | null;
  olderThanMinutes: number | null;
}

function queueWhere(filter: QueueFilter) {
  return Prisma.sql`status IN ('PENDING', 'ESCALATED')
    AND (${filter.reason}::text IS NULL OR ${filter.reason} = ANY(screening_reasons))
    AND (${filter.productId}::text IS NULL OR product_id = ${filter.productId})
    AND (${filter.olderThanMinutes}::int IS NULL
         OR created_at <= now() - make_interval(mins => ${filter.olderThanMinutes}::int))`;
}

/**
 * One page of the queue, oldest first: ids are ULIDs minted at submission, so id order is
 * submission order and the (status, id) index serves the read.
 */
export async function moderationQueue(
  db: ReviewDatabase,
  filter: QueueFilter,
  window: PageWindow,
): Promise<ModerationQueueRows> {
  const read = keysetRead(window, 'ascending');
  const where = queueWhere(filter);
  const direction = Prisma.raw(read.descending ? 'DESC' : 'ASC');
  const rows = await db.$queryRaw<Review[]>`
    SELECT ${REVIEW_COLUMNS} FROM review
    WHERE ${where}
      AND (${read.idAbove}::text IS NULL OR id > ${read.idAbove})
      AND (${read.idBelow}::text IS NULL OR id < ${read.idBelow})
    ORDER BY id ${direction}
    LIMIT ${read.limit}`;
  let beyond = false;
  if (read.beyond) {
    const found = await db.$queryRaw<{ id: string }[]>`
      SELECT id FROM review
      WHERE ${where}
        AND (${read.beyond.idAtLeast}::text IS NULL OR id >= ${read.beyond.idAtLeast})
        AND (${read.beyond.idAtMost}::text IS NULL OR id <= ${read.beyond.idAtMost})
      LIMIT 1`;
    beyond = found.length > 0;
  }
  const count = async () => {
    const [row] = await db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM review WHERE ${where}`;
    return Number(row?.count ?? 0);
  };
  return toConnection(rows, window, beyond, count);
}

/** A review's moderation steps, oldest first (ids are ULIDs). */
export function moderationHistory(db: ReviewDatabase, reviewId: string): Promise<ReviewModerationAudit[]> {
  return db.reviewModerationAudit.findMany({ where: { reviewId }, orderBy: { id: 'asc' } });
}
