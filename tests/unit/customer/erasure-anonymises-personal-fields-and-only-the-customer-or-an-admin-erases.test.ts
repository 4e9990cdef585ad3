import { describe, expect, it } from 'vitest';
import {
  anonymisedAuditChanges,
  anonymisedProfile,
  erasureRequest,
} from '../../../subgraphs/customer/src/domain/erasure.js';

describe('an erased profile', () => {
  it('holds no personal value, cannot sign in, and frees the e-mail address', () => {
    expect(anonymisedProfile('01JCUSTOMERAAAAAAAAAAAAAAA')).toEqual({
      email: 'erased-01jcustomeraaaaaaaaaaaaaaa@erased.invalid',
      name: 'Erased customer',
      phone: null,
      passwordHash: null,
    });
  });

  it('keeps which address fields changed, not their values', () => {
    expect(
      anonymisedAuditChanges({ line1: { from: '1 Old Road', to: '2 New Road' }, phone: { from: null, to: '+44' } }),
    ).toEqual({
      line1: { erased: true },
      phone: { erased: true },
    });
    expect(anonymisedAuditChanges(null)).toEqual({});
    expect(anonymisedAuditChanges(['x'])).toEqual({});
  });
});

describe('who may erase whom', () => {
  const customer = { customerId: '01JSELF', isAdmin: false };
  const admin = { customerId: null, isAdmin: true };

  it('a customer erases themselves with their password', () => {
    expect(erasureRequest(customer, { password: 'secret words' })).toEqual({
      ok: true,
      request: { by: 'customer', customerId: '01JSELF', password: 'secret words' },
    });
    expect(erasureRequest(customer, { customerId: '01JSELF', password: 'secret words' }).ok).toBe(true);
    expect(erasureRequest(customer, {})).toEqual({ ok: false, error: 'PASSWORD_REQUIRED' });
    expect(erasureRequest(customer, { password: '' })).toEqual({ ok: false, error: 'PASSWORD_REQUIRED' });
  });

  it('a customer naming someone else is told no such customer', () => {
    expect(erasureRequest(customer, { customerId: '01JOTHER', password: 'secret words' })).toEqual({
      ok: false,
      error: 'NOT_FOUND',
    });
  });

  it('an admin names the customer, without a password', () => {
    expect(erasureRequest(admin, { customerId: '01JOTHER' })).toEqual({
      ok: true,
      request: { by: 'admin', customerId: '01JOTHER' },
    });
    expect(erasureRequest(admin, {})).toEqual({ ok: false, error: 'CUSTOMER_ID_REQUIRED' });
  });
});
