import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, dataOf, entitiesOf, representation, subgraphAs } from '../../support/entities.js';
import { aNewCustomer, givenProductsOnSale, recountOf, snapshotOf, summaryOf } from '../review-writing/writing.js';
import {
  actorOfStaff,
  aModerator,
  anAdmin,
  approve,
  claim,
  escalate,
  givenHeldReview,
  historyOf,
  refusalOf,
  reject,
} from './moderating.js';

let productId = '';
beforeAll(async () => {
  [productId = ''] = await givenProductsOnSale(1);
});

const publishedIds = async () =>
  (
    await entitiesOf<{ reviews: { edges: { node: { id: string } }[] } }>(
      'review',
      '... on Product { reviews(first: 100) { edges { node { id } } } }',
      [representation('Product', productId)],
    )
  )[0]?.reviews.edges.map((edge) => edge.node.id) ?? [];

/** A customer's look at their own review, whatever its status. */
const mine = (author: Caller, id: string) =>
  subgraphAs<{ myReview: { id: string; screening: unknown } | null }>(
    author,
    'review',
    'query($id: ID!) { myReview(id: $id) { id screening { outcome reasons rejectionReason } } }',
    { id },
  );

describe('review moderation: decisions', () => {
  it('approving publishes the review: listed, counted, and the summary equals a recount', async () => {
    const review = await givenHeldReview(productId, 5);
    const moderator = aModerator();
    dataOf(await claim(moderator, review.id));
    const approved = dataOf(await approve(moderator, review.id, 'Link is the maker’s manual')).approveReview;
    expect(approved).toMatchObject({ status: 'APPROVED', claim: null, reasons: ['LINK'], rejectionReason: null });
    expect(await publishedIds()).toContain(review.id);
    expect(await summaryOf(productId)).toEqual(await recountOf(productId));
    expect((await summaryOf(productId)).stars[4]).toBeGreaterThanOrEqual(1);
    const seen = await mine(review.author, review.id);
    expect(seen.data?.myReview?.screening).toEqual({ outcome: 'PUBLISHED', reasons: ['LINK'], rejectionReason: null });
  });

  it('rejecting records the reason, which the author sees on the review’s screening, without who decided', async () => {
    const review = await givenHeldReview(productId, 2);
    const moderator = aModerator();
    dataOf(await claim(moderator, review.id));
    const rejected = dataOf(await reject(moderator, review.id, '  Advertises another shop  ')).rejectReview;
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'Advertises another shop', claim: null });
    expect(await publishedIds()).not.toContain(review.id);
    expect(await summaryOf(productId)).toEqual(await recountOf(productId));

    const seen = await mine(review.author, review.id);
    expect(seen.data?.myReview?.screening).toEqual({
      outcome: 'REJECTED',
      reasons: ['LINK'],
      rejectionReason: 'Advertises another shop',
    });
    expect(JSON.stringify(seen)).not.toContain(moderator.subject);
    // Another customer cannot look at it.
    expect((await mine(aNewCustomer(), review.id)).data?.myReview).toBeNull();
  });

  it('only the claim holder decides: another moderator, or a moderator without a claim, gets CONFLICT NOT_CLAIMED and nothing changes', async () => {
    const review = await givenHeldReview(productId);
    const [holder, other] = [aModerator(), aModerator()];
    const before = await snapshotOf([productId]);
    expect(refusalOf(await approve(other, review.id))).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_CLAIMED',
      claimedBy: null,
    });
    dataOf(await claim(holder, review.id));
    const during = await snapshotOf([productId]);
    for (const attempt of [approve(other, review.id), reject(other, review.id, 'Spam'), escalate(other, review.id)]) {
      expect(refusalOf(await attempt)).toMatchObject({
        code: 'CONFLICT',
        reason: 'NOT_CLAIMED',
        claimedBy: actorOfStaff(holder),
      });
    }
    expect(await snapshotOf([productId])).toEqual(during);
    expect(before.summaries).toEqual(during.summaries);
    expect((await historyOf(holder, review.id)).map((entry) => entry.action)).toEqual(['CLAIMED']);
  });

  it('escalating hands the review to the admins: a moderator can no longer claim or decide it, an admin can', async () => {
    const review = await givenHeldReview(productId, 3);
    const [moderator, admin] = [aModerator(), anAdmin()];
    dataOf(await claim(moderator, review.id));
    const escalated = dataOf(await escalate(moderator, review.id, 'Is this link an affiliate?')).escalateReview;
    expect(escalated).toMatchObject({ status: 'ESCALATED', claim: null });
    expect(refusalOf(await claim(aModerator(), review.id)).code).toBe('FORBIDDEN');
    expect(refusalOf(await approve(moderator, review.id)).code).toBe('FORBIDDEN');
    dataOf(await claim(admin, review.id));
    expect(dataOf(await approve(admin, review.id)).approveReview.status).toBe('APPROVED');
    expect(await summaryOf(productId)).toEqual(await recountOf(productId));
  });

  it('keeps every step in the history with who, when, why and the request', async () => {
    const review = await givenHeldReview(productId);
    const [moderator, admin] = [aModerator(), anAdmin()];
    const started = Date.now() - 1000;
    dataOf(await claim(moderator, review.id));
    dataOf(await escalate(moderator, review.id, 'Not sure'));
    dataOf(await claim(admin, review.id));
    dataOf(await reject(admin, review.id, 'Affiliate link'));
    const history = await historyOf(moderator, review.id);
    expect(history.map(({ action, actor, note }) => ({ action, actor, note }))).toEqual([
      { action: 'CLAIMED', actor: actorOfStaff(moderator), note: null },
      { action: 'ESCALATED', actor: actorOfStaff(moderator), note: 'Not sure' },
      { action: 'CLAIMED', actor: actorOfStaff(admin), note: null },
      { action: 'REJECTED', actor: actorOfStaff(admin), note: 'Affiliate link' },
    ]);
    for (const entry of history) {
      expect(entry.reviewId).toBe(review.id);
      expect(entry.requestId).toMatch(/.+/);
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(started);
    }
  });

  it('refuses bad input with a clear code and changes nothing: unknown id, missing or empty reason', async () => {
    const review = await givenHeldReview(productId);
    const moderator = aModerator();
    dataOf(await claim(moderator, review.id));
    const before = await snapshotOf([productId]);
    expect(refusalOf(await approve(moderator, '01KZZZZZZZZZZZZZZZZZZZZZZZ')).code).toBe('NOT_FOUND');
    expect(refusalOf(await reject(moderator, review.id, '   '))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const missing = await subgraphAs(moderator, 'review', `mutation($id: ID!) { rejectReview(id: $id) { id } }`, {
      id: review.id,
    });
    expect(missing.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refusalOf(await approve(moderator, review.id, 'x'.repeat(1001)))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'note',
    });
    expect(await snapshotOf([productId])).toEqual(before);
    expect((await historyOf(moderator, review.id)).map((entry) => entry.action)).toEqual(['CLAIMED']);
  });
});
