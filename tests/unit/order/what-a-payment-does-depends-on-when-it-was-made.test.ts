import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../../../subgraphs/order/src/domain/order-status.js';
import { decidePayment, LATE_PAYMENT_POLICIES } from '../../../subgraphs/order/src/domain/payment-decision.js';

const due = new Date('2026-12-06T12:00:00Z');
const before = new Date('2026-12-06T11:59:59Z');
const after = new Date('2026-12-06T12:00:01Z');
const muchLater = new Date('2026-12-06T13:00:00Z');

describe('a successful payment', () => {
  it('pays an order awaiting it, and revives one that expired before the notification arrived, when made in time', () => {
    for (const policy of LATE_PAYMENT_POLICIES) {
      expect(decidePayment({ status: 'PENDING_PAYMENT', paymentDueAt: due }, before, after, policy)).toEqual({
        kind: 'apply',
      });
      expect(decidePayment({ status: 'EXPIRED', paymentDueAt: due }, before, muchLater, policy)).toEqual({
        kind: 'revive',
      });
    }
  });

  it('made after the deadline is honoured under revive and refunded under refund, whether or not the order has expired yet', () => {
    expect(decidePayment({ status: 'PENDING_PAYMENT', paymentDueAt: due }, after, muchLater, 'revive')).toEqual({
      kind: 'apply',
    });
    expect(decidePayment({ status: 'EXPIRED', paymentDueAt: due }, after, muchLater, 'revive')).toEqual({
      kind: 'revive',
    });
    expect(decidePayment({ status: 'PENDING_PAYMENT', paymentDueAt: due }, after, muchLater, 'refund')).toEqual({
      kind: 'refund',
      reason: 'PAID_LATE',
      expire: true,
    });
    expect(decidePayment({ status: 'EXPIRED', paymentDueAt: due }, after, muchLater, 'refund')).toEqual({
      kind: 'refund',
      reason: 'PAID_LATE',
      expire: false,
    });
  });

  it('is judged by when it was made, never later than when it arrived, so a provider clock running ahead cannot make it late', () => {
    const claimedLater = new Date('2026-12-06T12:30:00Z');
    expect(decidePayment({ status: 'PENDING_PAYMENT', paymentDueAt: due }, claimedLater, before, 'refund')).toEqual({
      kind: 'apply',
    });
  });

  it('never revives a cancelled order, and refunds a second payment of a paid one', () => {
    for (const policy of LATE_PAYMENT_POLICIES) {
      expect(decidePayment({ status: 'CANCELLED', paymentDueAt: due }, before, after, policy)).toEqual({
        kind: 'refund',
        reason: 'ORDER_CANCELLED',
        expire: false,
      });
      for (const status of ['PAID', 'FULFILLING', 'SHIPPED', 'DELIVERED'] as OrderStatus[]) {
        expect(decidePayment({ status, paymentDueAt: due }, before, after, policy)).toEqual({
          kind: 'refund',
          reason: 'ALREADY_PAID',
          expire: false,
        });
      }
    }
  });

  it('has a decision for every status', () => {
    for (const status of ORDER_STATUSES) {
      expect(decidePayment({ status, paymentDueAt: due }, before, after, 'refund')).toBeDefined();
    }
  });
});
