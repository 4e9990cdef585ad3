import { describe, expect, it } from 'vitest';
import {
  type Actor,
  decideTransition,
  describeActor,
  ORDER_STATUSES,
  type OrderFacts,
  type OrderStatus,
  TRANSITIONS,
} from '../../../subgraphs/order/src/domain/order-status.js';

const now = new Date('2026-11-27T12:00:00Z');
const policy = { cancellationWindowMs: 60 * 60_000 };
const customer: Actor = { kind: 'customer', customerId: 'C1' };
const stranger: Actor = { kind: 'customer', customerId: 'C2' };
const warehouse: Actor = { kind: 'staff', subject: 'w', roles: ['warehouse_admin'] };
const admin: Actor = { kind: 'staff', subject: 'a', roles: ['admin'] };
const support: Actor = { kind: 'staff', subject: 's', roles: ['support'] };
const provider: Actor = { kind: 'payment-provider' };
const expiry: Actor = { kind: 'system', job: 'order-expiry' };

const order = (status: OrderStatus, changes: Partial<OrderFacts> = {}): OrderFacts => ({
  status,
  customerId: 'C1',
  placedAt: new Date(now.getTime() - 10 * 60_000),
  paymentDueAt: new Date(now.getTime() + 20 * 60_000),
  ...changes,
});

describe('the order transition table', () => {
  it('holds exactly the documented moves', () => {
    expect(TRANSITIONS.map((t) => `${t.from}→${t.to}`)).toEqual([
      'PENDING_PAYMENT→PAID',
      'PENDING_PAYMENT→CANCELLED',
      'PENDING_PAYMENT→EXPIRED',
      'EXPIRED→PAID',
      'PAID→FULFILLING',
      'PAID→CANCELLED',
      'FULFILLING→SHIPPED',
      'SHIPPED→DELIVERED',
    ]);
  });

  it('refuses every move not in the table as a conflict, whoever asks', () => {
    const listed = new Set(TRANSITIONS.map((t) => `${t.from}→${t.to}`));
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        if (listed.has(`${from}→${to}`)) continue;
        for (const actor of [customer, warehouse, admin, provider, expiry]) {
          expect(decideTransition(order(from), to, actor, now, policy), `${from}→${to}`).toMatchObject({
            ok: false,
            reason: 'NOT_ALLOWED',
          });
        }
      }
    }
  });

  it('lets only the payment provider, or an admin, mark an order paid', () => {
    expect(decideTransition(order('PENDING_PAYMENT'), 'PAID', provider, now, policy)).toEqual({
      ok: true,
      refundPending: false,
    });
    expect(decideTransition(order('PENDING_PAYMENT'), 'PAID', admin, now, policy).ok).toBe(true);
    for (const actor of [customer, warehouse, support, expiry]) {
      expect(decideTransition(order('PENDING_PAYMENT'), 'PAID', actor, now, policy)).toMatchObject({
        reason: 'FORBIDDEN',
      });
    }
  });

  it('lets only a payment revive an expired order', () => {
    expect(decideTransition(order('EXPIRED'), 'PAID', provider, now, policy)).toEqual({
      ok: true,
      refundPending: false,
    });
    for (const actor of [customer, warehouse, support, admin, expiry]) {
      expect(decideTransition(order('EXPIRED'), 'PAID', actor, now, policy)).toMatchObject({ reason: 'FORBIDDEN' });
    }
  });

  it('lets fulfilment staff move a paid order forward, and nobody else', () => {
    expect(decideTransition(order('PAID'), 'FULFILLING', warehouse, now, policy).ok).toBe(true);
    expect(decideTransition(order('FULFILLING'), 'SHIPPED', admin, now, policy).ok).toBe(true);
    expect(decideTransition(order('SHIPPED'), 'DELIVERED', warehouse, now, policy).ok).toBe(true);
    for (const actor of [customer, support, provider]) {
      expect(decideTransition(order('PAID'), 'FULFILLING', actor, now, policy)).toMatchObject({ reason: 'FORBIDDEN' });
    }
  });

  it('lets the customer cancel within the window, with a refund when already paid', () => {
    expect(decideTransition(order('PENDING_PAYMENT'), 'CANCELLED', customer, now, policy)).toEqual({
      ok: true,
      refundPending: false,
    });
    expect(decideTransition(order('PAID'), 'CANCELLED', customer, now, policy)).toEqual({
      ok: true,
      refundPending: true,
    });
    expect(decideTransition(order('PAID'), 'CANCELLED', stranger, now, policy)).toMatchObject({ reason: 'FORBIDDEN' });
  });

  it('closes the window for customers after it, but not for support or admins', () => {
    const late = order('PAID', { placedAt: new Date(now.getTime() - policy.cancellationWindowMs - 1) });
    expect(decideTransition(late, 'CANCELLED', customer, now, policy)).toMatchObject({
      ok: false,
      reason: 'NOT_ALLOWED',
    });
    expect(decideTransition(late, 'CANCELLED', support, now, policy)).toEqual({ ok: true, refundPending: true });
    const atTheEdge = order('PAID', { placedAt: new Date(now.getTime() - policy.cancellationWindowMs) });
    expect(decideTransition(atTheEdge, 'CANCELLED', customer, now, policy).ok).toBe(true);
  });

  it('expires only orders past their payment deadline, and only by the system', () => {
    expect(decideTransition(order('PENDING_PAYMENT'), 'EXPIRED', expiry, now, policy)).toMatchObject({
      reason: 'NOT_ALLOWED',
    });
    const overdue = order('PENDING_PAYMENT', { paymentDueAt: now });
    expect(decideTransition(overdue, 'EXPIRED', expiry, now, policy).ok).toBe(true);
    expect(decideTransition(overdue, 'EXPIRED', admin, now, policy)).toMatchObject({ reason: 'FORBIDDEN' });
  });

  it('writes each actor into the audit trail recognisably', () => {
    expect([customer, admin, provider, expiry].map(describeActor)).toEqual([
      'customer:C1',
      'staff:a',
      'system:payment-webhook',
      'system:order-expiry',
    ]);
  });
});
