import { expect } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { type Caller, dataOf, subgraphAs } from '../../support/entities.js';
import type { GraphQLResponse } from '../../support/graphql.js';
import { aNewCustomer, submitReview, uniqueSlug, uniqueText } from '../review-writing/writing.js';

/**
 * Helpers for the moderation tests. Like the review-writing tests, each test reviews products of
 * its own as customers of its own, and moderates as staff members of its own (fresh subjects), so
 * files running in parallel and the demo shop's pending reviews never meet.
 */

export const aModerator = (): Caller => ({ subject: `moderator-${newId()}`, roles: ['moderator'] });
export const anAdmin = (): Caller => ({ subject: `admin-${newId()}`, roles: ['admin'] });
export const actorOfStaff = (caller: Caller) => `staff:${caller.subject}`;

export const ITEM_FIELDS = 'id status reasons claim { claimedBy claimedUntil } rejectionReason submittedAt';

export interface ModerationItemView {
  id: string;
  status: 'PENDING' | 'ESCALATED' | 'APPROVED' | 'REJECTED';
  reasons: string[];
  claim: { claimedBy: string; claimedUntil: string } | null;
  rejectionReason: string | null;
  submittedAt: string;
}

/** Submits a review that screening holds for a moderator (a web address: LINK), by a new customer. */
export async function givenHeldReview(productId: string, rating = 4, author: Caller = aNewCustomer()) {
  const text = uniqueText(rating);
  const review = dataOf(
    await submitReview(author, {
      productId,
      ...text,
      body: `${text.body} More at www.kettle-${uniqueSlug()}.example.com`,
    }),
  ).submitReview;
  expect(review.screening).toEqual({ outcome: 'PENDING', reasons: ['LINK'] });
  return { ...review, author };
}

export function claim(caller: Caller, id: string) {
  return subgraphAs<{ claimReview: ModerationItemView }>(
    caller,
    'review',
    `mutation($id: ID!) { claimReview(id: $id) { ${ITEM_FIELDS} } }`,
    { id },
  );
}

export function approve(caller: Caller, id: string, note?: string | null) {
  return subgraphAs<{ approveReview: ModerationItemView }>(
    caller,
    'review',
    `mutation($id: ID!, $note: String) { approveReview(id: $id, note: $note) { ${ITEM_FIELDS} } }`,
    { id, note },
  );
}

export function reject(caller: Caller, id: string, reason: string) {
  return subgraphAs<{ rejectReview: ModerationItemView }>(
    caller,
    'review',
    `mutation($id: ID!, $reason: String!) { rejectReview(id: $id, reason: $reason) { ${ITEM_FIELDS} } }`,
    { id, reason },
  );
}

export function escalate(caller: Caller, id: string, note?: string | null) {
  return subgraphAs<{ escalateReview: ModerationItemView }>(
    caller,
    'review',
    `mutation($id: ID!, $note: String) { escalateReview(id: $id, note: $note) { ${ITEM_FIELDS} } }`,
    { id, note },
  );
}

export interface HistoryEntry {
  reviewId: string;
  action: string;
  actor: string;
  note: string | null;
  requestId: string | null;
  at: string;
}

export async function historyOf(caller: Caller, reviewId: string): Promise<HistoryEntry[]> {
  const response = await subgraphAs<{ reviewModerationHistory: HistoryEntry[] }>(
    caller,
    'review',
    'query($id: ID!) { reviewModerationHistory(reviewId: $id) { reviewId action actor note requestId at } }',
    { id: reviewId },
  );
  return dataOf(response).reviewModerationHistory;
}

export function queue(caller: Caller, args: Record<string, unknown>) {
  return subgraphAs<{
    moderationQueue: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
      edges: { node: ModerationItemView & { review: { id: string; product: { id: string } } } }[];
    };
  }>(
    caller,
    'review',
    `query($first: Int, $after: String, $reason: ScreeningReason, $productId: ID, $olderThanMinutes: Int) {
      moderationQueue(first: $first, after: $after, reason: $reason, productId: $productId, olderThanMinutes: $olderThanMinutes) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { node { ${ITEM_FIELDS} review { id product { id } } } }
      }
    }`,
    args,
  );
}

/** The one error of a response: its code and extensions, after checking there is no data. */
export function refusalOf(response: GraphQLResponse<unknown>) {
  expect(response.errors).toHaveLength(1);
  expect(response.data ?? null).toBeNull();
  return response.errors?.[0]?.extensions ?? {};
}
