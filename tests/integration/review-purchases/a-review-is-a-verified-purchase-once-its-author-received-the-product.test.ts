import { describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { EventOutOfOrderError, EventVersionReusedError } from '../../../shared/events/inbox.js';
import { newId } from '../../../shared/ids.js';
import { submitReview as writeReview } from '../../../subgraphs/review/src/data/review-writing.js';
import { handleOrderEvent } from '../../../subgraphs/review/src/jobs/order-events.js';
import {
  asShopper,
  cartOf,
  eventually,
  newProduct,
  newShopper,
  notifyPayment,
  ORDER_FIELDS,
  type OrderView,
  paymentFor,
  placeOrder,
  type Shopper,
  sql,
} from '../../e2e/order-path/fixtures.js';
import { orderEvent } from '../../support/events.js';
import { postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';
import { aNewCustomer, givenProductsOnSale, reviewDb, uniqueText } from '../review-writing/writing.js';

/**
 * Orders are placed, paid and delivered through the gateway, and the workers apply the order
 * events to the review subgraph's purchases (review_purchase) as in production; the tests that
 * need a precise order of events apply them here, through the same inbox the workers use.
 */

const UPDATE = `mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { ${ORDER_FIELDS} } }`;
const SUBMIT = `mutation($input: SubmitReviewInput!) {
  submitReview(input: $input) { id verifiedPurchase product { id } }
}`;

async function move(orderId: string, status: string): Promise<void> {
  const token = await mintToken('staff-review-purchases', ['warehouse_admin']);
  const response = await postGraphQL<{ updateOrderStatus: OrderView }>(
    inject('gatewayUrl'),
    UPDATE,
    { input: { orderId, status, reason: `moving to ${status}` } },
    { authorization: `Bearer ${token}` },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data?.updateOrderStatus.status).toBe(status);
}

/** A paid order of the shopper's, shipped but not yet delivered. */
async function shippedOrder(shopper: Shopper, productIds: string[]): Promise<OrderView> {
  const cartId = await cartOf(
    shopper,
    productIds.map((productId) => ({ productId, quantity: 1 })),
  );
  const placed = await placeOrder(shopper, cartId);
  expect(placed.errors).toBeUndefined();
  const order = placed.data?.placeOrder as OrderView;
  expect((await notifyPayment(paymentFor(order))).status).toBe(200);
  await move(order.id, 'FULFILLING');
  await move(order.id, 'SHIPPED');
  return order;
}

async function review(shopper: Shopper, productId: string) {
  const response = await asShopper<{ submitReview: { id: string; verifiedPurchase: boolean } }>(shopper, SUBMIT, {
    input: { productId, ...uniqueText() },
  });
  expect(response.errors).toBeUndefined();
  return response.data?.submitReview as { id: string; verifiedPurchase: boolean };
}

const verified = async (reviewId: string) =>
  (await reviewDb().review.findUniqueOrThrow({ where: { id: reviewId } })).verifiedPurchase;

/** The order's events as the order subgraph wrote them to its outbox: what the relay publishes. */
async function eventsOf(orderId: string): Promise<DomainEvent[]> {
  const rows = await sql('order').query<DomainEvent & { occurredAt: Date }>(
    `SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
            aggregate_version AS "aggregateVersion", occurred_at AS "occurredAt",
            correlation_id AS "correlationId", payload
       FROM outbox_event WHERE aggregate_type = 'Order' AND aggregate_id = $1 ORDER BY aggregate_version`,
    [orderId],
  );
  return rows.rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt).toISOString() }));
}

const purchasesOf = (orderId: string) =>
  reviewDb().reviewPurchase.findMany({ where: { orderId }, orderBy: { productId: 'asc' } });

const placedEvent = (orderId: string, customerId: string | null, productIds: string[]) =>
  orderEvent('OrderPlaced', orderId, 1, {
    customerId,
    currency: 'EUR',
    subtotal: '10.00',
    discountTotal: '0',
    total: '10.00',
    lines: productIds.map((productId) => ({ productId, quantity: 1, unitPrice: '10.00', priceVersionId: newId() })),
    promotionIds: [],
    paymentDueAt: new Date(Date.now() + 60_000).toISOString(),
  });

const WRITING = { maxPerCustomerPerHour: 5, productBurstPer10Minutes: 20 };

describe('verified purchases', () => {
  it('turn a review written before delivery verified once OrderDelivered is applied, and never a product not in the order', async () => {
    const shopper = await newShopper();
    const [inOrder, alsoInOrder, notInOrder] = await Promise.all([
      newProduct({ units: 5 }),
      newProduct({ units: 5 }),
      newProduct({ units: 5 }),
    ]);
    const order = await shippedOrder(shopper, [inOrder, alsoInOrder]);

    const early = await review(shopper, inOrder);
    const other = await review(shopper, notInOrder);
    expect(early.verifiedPurchase).toBe(false);
    expect(other.verifiedPurchase).toBe(false);

    await move(order.id, 'DELIVERED');
    await eventually(async () => expect(await verified(early.id)).toBe(true));
    expect(await verified(other.id)).toBe(false);

    // Written after the delivery was applied: verified at once.
    expect((await review(shopper, alsoInOrder)).verifiedPurchase).toBe(true);
    expect((await purchasesOf(order.id)).map((row) => row.customerId)).toEqual([shopper.subject, shopper.subject]);

    // Every event of the order delivered again, as a relay or the reconciler may: nothing changes.
    const before = { purchases: await purchasesOf(order.id), other: await verified(other.id) };
    // Another event under an applied version (its source's history changed) is refused instead.
    for (const event of await eventsOf(order.id)) {
      expect(await handleOrderEvent(reviewDb(), event)).toEqual({ outcome: 'duplicate', verifiedReviews: 0 });
      await expect(handleOrderEvent(reviewDb(), { ...event, id: newId() })).rejects.toBeInstanceOf(
        EventVersionReusedError,
      );
    }
    expect({ purchases: await purchasesOf(order.id), other: await verified(other.id) }).toEqual(before);
  });

  it('are learnt right when OrderDelivered arrives before OrderPlaced: it waits for the lines', async () => {
    const author = aNewCustomer();
    const [productId] = await givenProductsOnSale(1);
    const written = await writeReview(
      reviewDb(),
      author.subject,
      { productId: productId as string, ...uniqueText() },
      WRITING,
    );
    const orderId = newId();
    const delivered = orderEvent('OrderDelivered', orderId, 2, { customerId: author.subject });

    await expect(handleOrderEvent(reviewDb(), delivered)).rejects.toBeInstanceOf(EventOutOfOrderError);
    expect(await verified(written.id)).toBe(false);

    expect(
      (await handleOrderEvent(reviewDb(), placedEvent(orderId, author.subject, [productId as string]))).outcome,
    ).toBe('applied');
    expect(await verified(written.id)).toBe(false);
    // The retry of the refused job.
    expect(await handleOrderEvent(reviewDb(), delivered)).toEqual({ outcome: 'applied', verifiedReviews: 1 });
    expect(await verified(written.id)).toBe(true);
  });

  it('never come from a cancelled order', async () => {
    const author = aNewCustomer();
    const [productId] = (await givenProductsOnSale(1)) as [string];
    const orderId = newId();
    await handleOrderEvent(reviewDb(), placedEvent(orderId, author.subject, [productId]));
    await handleOrderEvent(
      reviewDb(),
      orderEvent('OrderCancelled', orderId, 2, {
        customerId: author.subject,
        fromStatus: 'PENDING_PAYMENT',
        reason: 'changed my mind',
        actor: `customer:${author.subject}`,
        refundPending: false,
      }),
    );
    expect(await purchasesOf(orderId)).toEqual([]);
    const written = await writeReview(reviewDb(), author.subject, { productId, ...uniqueText() }, WRITING);
    expect(written.verifiedPurchase).toBe(false);
  });

  it("count a guest's order for the customer who claimed it before delivery, and for no one while unclaimed", async () => {
    const claimer = aNewCustomer();
    const [claimedProduct, unclaimedProduct] = (await givenProductsOnSale(2)) as [string, string];
    const written = await writeReview(
      reviewDb(),
      claimer.subject,
      { productId: claimedProduct, ...uniqueText() },
      WRITING,
    );

    const claimed = newId();
    await handleOrderEvent(reviewDb(), placedEvent(claimed, null, [claimedProduct]));
    // Attached to the customer after it was placed: later events of the order name them.
    expect(
      await handleOrderEvent(reviewDb(), orderEvent('OrderDelivered', claimed, 2, { customerId: claimer.subject })),
    ).toEqual({ outcome: 'applied', verifiedReviews: 1 });
    expect(await verified(written.id)).toBe(true);

    const unclaimed = newId();
    await handleOrderEvent(reviewDb(), placedEvent(unclaimed, null, [unclaimedProduct]));
    await handleOrderEvent(reviewDb(), orderEvent('OrderDelivered', unclaimed, 2, { customerId: null }));
    expect((await purchasesOf(unclaimed)).map((row) => row.customerId)).toEqual([null]);
  });

  it('refuse a review without a delivered order when purchases are required (REVIEW_REQUIRE_PURCHASE), writing nothing', async () => {
    const author = aNewCustomer();
    const [productId] = (await givenProductsOnSale(1)) as [string];
    const strict = { ...WRITING, requirePurchase: true };
    const refused = writeReview(reviewDb(), author.subject, { productId, ...uniqueText() }, strict);
    await expect(refused).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'PURCHASE_REQUIRED' } });
    expect(await reviewDb().review.count({ where: { customerId: author.subject } })).toBe(0);

    const orderId = newId();
    await handleOrderEvent(reviewDb(), placedEvent(orderId, author.subject, [productId]));
    await handleOrderEvent(reviewDb(), orderEvent('OrderDelivered', orderId, 2, { customerId: author.subject }));
    const accepted = await writeReview(reviewDb(), author.subject, { productId, ...uniqueText() }, strict);
    expect(accepted.verifiedPurchase).toBe(true);
  });
});
