import { beforeAll, describe, expect, it } from 'vitest';
import { dataOf } from '../../support/entities.js';
import { givenProductsOnSale, reviewDb } from '../review-writing/writing.js';
import { actorOfStaff, aModerator, approve, claim, givenHeldReview, historyOf, refusalOf } from './moderating.js';

let productId = '';
beforeAll(async () => {
  [productId = ''] = await givenProductsOnSale(1);
});

describe('review moderation: claims', () => {
  it('lets exactly one of two moderators claiming the same review at once win, every time; the other gets CONFLICT CLAIMED naming the winner', async () => {
    for (let round = 0; round < 10; round++) {
      const review = await givenHeldReview(productId);
      const [first, second] = [aModerator(), aModerator()];
      const answers = await Promise.all([claim(first, review.id), claim(second, review.id)]);
      const winners = answers.filter((answer) => answer.data?.claimReview);
      expect(winners).toHaveLength(1);
      const won = winners[0]?.data?.claimReview;
      const loser = answers.find((answer) => !answer.data?.claimReview);
      if (!loser || !won?.claim) throw new Error('one claim must lose');
      expect(refusalOf(loser)).toMatchObject({
        code: 'CONFLICT',
        reason: 'CLAIMED',
        claimedBy: won.claim.claimedBy,
        claimedUntil: won.claim.claimedUntil,
      });
      expect([actorOfStaff(first), actorOfStaff(second)]).toContain(won.claim.claimedBy);
      const history = await historyOf(first, review.id);
      expect(history.map((entry) => [entry.action, entry.actor])).toEqual([['CLAIMED', won.claim.claimedBy]]);
    }
  });

  it('lasts REVIEW_CLAIM_TTL_SECONDS (600 s by default), and the holder may claim again to extend it', async () => {
    const review = await givenHeldReview(productId);
    const moderator = aModerator();
    const before = Date.now();
    const claimed = dataOf(await claim(moderator, review.id)).claimReview;
    const until = Date.parse(claimed.claim?.claimedUntil ?? '');
    expect(until - before).toBeGreaterThan(590_000);
    expect(until - before).toBeLessThan(610_000);
    const again = dataOf(await claim(moderator, review.id)).claimReview;
    expect(Date.parse(again.claim?.claimedUntil ?? '')).toBeGreaterThanOrEqual(until);
  });

  it('lets anyone take over a lapsed claim, and then only the new holder decide', async () => {
    const review = await givenHeldReview(productId);
    const [slow, next] = [aModerator(), aModerator()];
    dataOf(await claim(slow, review.id));
    // The claim runs out, as if the slow moderator had gone for ten minutes.
    await reviewDb().$executeRaw`UPDATE review SET claimed_until = now() - interval '1 second' WHERE id = ${review.id}`;
    const taken = dataOf(await claim(next, review.id)).claimReview;
    expect(taken.claim?.claimedBy).toBe(actorOfStaff(next));
    expect(refusalOf(await approve(slow, review.id))).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_CLAIMED',
      claimedBy: actorOfStaff(next),
    });
    expect(dataOf(await approve(next, review.id)).approveReview.status).toBe('APPROVED');
  });

  it('refuses to claim an unknown review (NOT_FOUND) or one already decided (CONFLICT NOT_WAITING)', async () => {
    const moderator = aModerator();
    expect(refusalOf(await claim(moderator, '01KZZZZZZZZZZZZZZZZZZZZZZZ')).code).toBe('NOT_FOUND');
    expect(refusalOf(await claim(moderator, 'not-an-id'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const review = await givenHeldReview(productId);
    dataOf(await claim(moderator, review.id));
    dataOf(await approve(moderator, review.id));
    expect(refusalOf(await claim(aModerator(), review.id))).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_WAITING',
      status: 'APPROVED',
    });
  });
});
