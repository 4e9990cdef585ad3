import { beforeAll, describe, expect, it } from 'vitest';
import { dataOf } from '../../support/entities.js';
import {
  aNewCustomer,
  givenProductsOnSale,
  givenPublishedReview,
  reviewDb,
  submitReview,
  uniqueSlug,
  uniqueText,
} from '../review-writing/writing.js';
import { actorOfStaff, aModerator, anAdmin, approve, claim, escalate, givenHeldReview, queue } from './moderating.js';

let productId = '';
let otherProductId = '';
beforeAll(async () => {
  [productId = '', otherProductId = ''] = await givenProductsOnSale(2);
});

const idsOf = (response: Awaited<ReturnType<typeof queue>>) =>
  dataOf(response).moderationQueue.edges.map((edge) => edge.node.id);

describe('review moderation: the queue', () => {
  it('lists waiting reviews of a product oldest first, pending and escalated, with their reasons and current claim; not published or decided ones', async () => {
    const moderator = aModerator();
    const oldest = await givenHeldReview(productId);
    const middle = await givenHeldReview(productId);
    const newest = await givenHeldReview(productId);
    const decided = await givenHeldReview(productId);
    await givenPublishedReview(aNewCustomer(), productId);
    dataOf(await claim(moderator, decided.id));
    dataOf(await approve(moderator, decided.id));
    dataOf(await claim(moderator, middle.id));
    dataOf(await escalate(moderator, middle.id));
    dataOf(await claim(moderator, newest.id));

    const page = dataOf(await queue(moderator, { productId, first: 10 })).moderationQueue;
    expect(page.edges.map((edge) => edge.node.id)).toEqual([oldest.id, middle.id, newest.id]);
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((edge) => edge.node.status)).toEqual(['PENDING', 'ESCALATED', 'PENDING']);
    expect(page.edges.every((edge) => edge.node.reasons.includes('LINK'))).toBe(true);
    expect(page.edges.map((edge) => edge.node.claim?.claimedBy ?? null)).toEqual([null, null, actorOfStaff(moderator)]);
    expect(page.edges[0]?.node.review).toEqual({ id: oldest.id, product: { id: productId } });

    // Paged: the cursor continues where the page ended.
    const first = dataOf(await queue(anAdmin(), { productId, first: 2 })).moderationQueue;
    expect(first.edges.map((edge) => edge.node.id)).toEqual([oldest.id, middle.id]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(
      await queue(anAdmin(), { productId, first: 2, after: first.pageInfo.endCursor }),
    ).moderationQueue;
    expect(second.edges.map((edge) => edge.node.id)).toEqual([newest.id]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('filters by screening reason and by age', async () => {
    const moderator = aModerator();
    const linked = await givenHeldReview(otherProductId);
    const text = uniqueText();
    const contact = dataOf(
      await submitReview(aNewCustomer(), {
        productId: otherProductId,
        ...text,
        body: `${text.body} Write to me at kettle.${uniqueSlug()}@example.org`,
      }),
    ).submitReview;
    expect(contact.screening.reasons).toEqual(['CONTACT_DETAILS']);

    expect(idsOf(await queue(moderator, { productId: otherProductId, reason: 'CONTACT_DETAILS' }))).toEqual([
      contact.id,
    ]);
    expect(idsOf(await queue(moderator, { productId: otherProductId, reason: 'LINK' }))).toEqual([linked.id]);
    expect(idsOf(await queue(moderator, { productId: otherProductId, reason: 'PROFANITY' }))).toEqual([]);

    // One has waited two hours.
    await reviewDb().$executeRaw`UPDATE review SET created_at = now() - interval '2 hours' WHERE id = ${linked.id}`;
    expect(idsOf(await queue(moderator, { productId: otherProductId, olderThanMinutes: 60 }))).toEqual([linked.id]);
    expect(
      dataOf(await queue(moderator, { productId: otherProductId, olderThanMinutes: 60 })).moderationQueue.totalCount,
    ).toBe(1);
    expect(idsOf(await queue(moderator, { productId: otherProductId, olderThanMinutes: 0 }))).toEqual([
      linked.id,
      contact.id,
    ]);
  });

  it('refuses bad filters as BAD_USER_INPUT naming the argument, and the queue to customers', async () => {
    const moderator = aModerator();
    for (const [args, field] of [
      [{ olderThanMinutes: -1 }, 'olderThanMinutes'],
      [{ productId: 'nope' }, 'productId'],
      [{ first: 0 }, 'first'],
    ] as const) {
      const response = await queue(moderator, args);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const customer = await queue(aNewCustomer(), { productId });
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(customer.data?.moderationQueue ?? null).toBeNull();
  });
});
