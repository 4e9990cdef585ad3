import { freeText, z } from '../../../../shared/validation.js';

/**
 * The rules of the moderation queue, free of I/O: who may claim a review, who may decide it, and
 * what each decision makes of it. The database applies them in one conditional statement or
 * under a row lock (data/moderation.ts), so races are decided by PostgreSQL.
 */

export type ModerationStatus = 'PENDING' | 'ESCALATED' | 'APPROVED' | 'REJECTED';
export type ModerationDecision = 'APPROVE' | 'REJECT' | 'ESCALATE';
export type ModerationAction = 'CLAIMED' | 'APPROVED' | 'REJECTED' | 'ESCALATED';

/** Statuses waiting for a decision: what the queue lists and what may be claimed. */
export const WAITING_STATUSES = ['PENDING', 'ESCALATED'] as const satisfies readonly ModerationStatus[];

export const NOTE_MAX_LENGTH = 1000;

/** Shown to the author as written (plain text, trimmed): required when rejecting. */
export const rejectionReason = freeText(NOTE_MAX_LENGTH);
/** A moderator's note for the history; empty or omitted is no note. */
export const moderationNote = z
  .string()
  .nullish()
  .transform((value) => (value?.trim() ? value : null))
  .pipe(freeText(NOTE_MAX_LENGTH).nullable());
/** A year at most: anything older is simply "old". */
export const olderThanMinutes = z
  .number()
  .int('must be a whole number of minutes')
  .min(0, 'must be at least 0')
  .max(525_600, 'must be at most 525600 (a year)');

export interface ClaimState {
  status: ModerationStatus;
  claimedBy: string | null;
  claimedUntil: Date | null;
}

/** Why a claim or a decision was refused; each becomes its own error code and `reason`. */
export type ModerationRefusal =
  | { reason: 'NOT_FOUND' }
  | { reason: 'NOT_WAITING'; status: ModerationStatus }
  | { reason: 'ADMINS_ONLY' }
  | { reason: 'CLAIMED'; claimedBy: string; claimedUntil: Date }
  | { reason: 'NOT_CLAIMED'; claimedBy: string | null; claimedUntil: Date | null };

/** A claim counts until its end; at or after it, it has lapsed and is anyone's. */
export function holderOf(state: Pick<ClaimState, 'claimedBy' | 'claimedUntil'>, now: Date): string | null {
  if (state.claimedBy === null || state.claimedUntil === null) return null;
  return state.claimedUntil.getTime() > now.getTime() ? state.claimedBy : null;
}

/** Escalated reviews went to the admins on purpose: a moderator may not take them back. */
function mayHandle(status: ModerationStatus, isAdmin: boolean): boolean {
  return status === 'PENDING' || (status === 'ESCALATED' && isAdmin);
}

/**
 * Why `me` cannot claim the review in this state, or null when it can (the conditional UPDATE
 * lost a race that has since resolved, so trying again is right).
 */
export function claimRefusal(
  state: ClaimState | null,
  me: string,
  isAdmin: boolean,
  now: Date,
): ModerationRefusal | null {
  if (state === null) return { reason: 'NOT_FOUND' };
  if (!(WAITING_STATUSES as readonly string[]).includes(state.status)) {
    return { reason: 'NOT_WAITING', status: state.status };
  }
  if (!mayHandle(state.status, isAdmin)) return { reason: 'ADMINS_ONLY' };
  const holder = holderOf(state, now);
  if (holder !== null && holder !== me && state.claimedUntil !== null) {
    return { reason: 'CLAIMED', claimedBy: holder, claimedUntil: state.claimedUntil };
  }
  return null;
}

/** Why `me` cannot decide the review in this state, or null when it may. */
export function decisionRefusal(
  state: ClaimState | null,
  me: string,
  isAdmin: boolean,
  decision: ModerationDecision,
  now: Date,
): ModerationRefusal | null {
  if (state === null) return { reason: 'NOT_FOUND' };
  if (!(WAITING_STATUSES as readonly string[]).includes(state.status)) {
    return { reason: 'NOT_WAITING', status: state.status };
  }
  // An escalated review is already with the admins: escalating it again has no one to go to.
  if (!mayHandle(state.status, isAdmin) || (decision === 'ESCALATE' && state.status === 'ESCALATED')) {
    return state.status === 'ESCALATED' && isAdmin
      ? { reason: 'NOT_WAITING', status: state.status }
      : { reason: 'ADMINS_ONLY' };
  }
  const holder = holderOf(state, now);
  if (holder !== me) {
    return { reason: 'NOT_CLAIMED', claimedBy: holder, claimedUntil: holder === null ? null : state.claimedUntil };
  }
  return null;
}

/** The status a decision leaves the review in, and the action the history records. */
export const OUTCOME_OF: Record<ModerationDecision, { status: ModerationStatus; action: ModerationAction }> = {
  APPROVE: { status: 'APPROVED', action: 'APPROVED' },
  REJECT: { status: 'REJECTED', action: 'REJECTED' },
  ESCALATE: { status: 'ESCALATED', action: 'ESCALATED' },
};
