import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTOR_PATTERN,
  actorOf,
  customerActor,
  eventHandlerActor,
  staffActor,
  systemActor,
} from '../../../shared/auth/audit-actor.js';
import { ANONYMOUS } from '../../../shared/auth/identity.js';

const CUSTOMER_ID = '01JCUSTOMER0000000000000AA';

describe('audit actors', () => {
  it('name a customer, a staff user or the service that called, from the verified caller', () => {
    expect(actorOf({ subject: CUSTOMER_ID, roles: ['customer'] })).toBe(`customer:${CUSTOMER_ID}`);
    expect(actorOf({ subject: 'staff-7', roles: ['pricing_admin'] })).toBe('staff:staff-7');
    expect(actorOf({ subject: 'staff-8', roles: ['support', 'admin'] })).toBe('staff:staff-8');
    expect(actorOf({ subject: 'service:order', roles: ['service'] })).toBe('system:order');
  });

  it('name the job, webhook or event handler when the shop acts by itself', () => {
    expect(systemActor('order-expiry')).toBe('system:order-expiry');
    expect(systemActor('payment-webhook')).toBe('system:payment-webhook');
    expect(eventHandlerActor('OrderPaid')).toBe('system:event-OrderPaid');
  });

  it('always match the one pattern the databases check, whatever the subject holds', () => {
    const subjects = ['01JSTAFF', 'auth0|42', 'ada@example.com', 'a b', 'ümlaut', 'x.y', 'a%2E'];
    for (const subject of subjects) {
      for (const actor of [staffActor(subject), customerActor(subject), systemActor(subject)]) {
        expect(actor).toMatch(AUDIT_ACTOR_PATTERN);
      }
    }
  });

  it('never let two different subjects share an actor', () => {
    const subjects = ['auth0|42', 'auth0.7C42', 'auth0-42', 'x.y', 'x%2Ey', 'x.2Ey', 'a%2E'];
    const actors = subjects.map(staffActor);
    expect(new Set(actors).size).toBe(subjects.length);
  });

  it('refuse to invent an actor for an anonymous caller or an empty name', () => {
    expect(() => actorOf(ANONYMOUS)).toThrow();
    expect(() => systemActor('')).toThrow();
  });
});
