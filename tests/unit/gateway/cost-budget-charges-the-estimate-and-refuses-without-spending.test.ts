import { describe, expect, it } from 'vitest';
import { budgetUnavailable, costRefusal, costToCharge, decideBudget } from '../../../gateway/src/edge/cost-budget.js';

describe('the cost budget', () => {
  it('charges the estimated cost, rounded up, and at least 1 for an operation the estimate calls free', () => {
    expect(costToCharge(4301)).toBe(4301);
    expect(costToCharge(2.5)).toBe(3);
    expect(costToCharge(0)).toBe(1);
    expect(costToCharge(-3)).toBe(1);
    expect(costToCharge(Number.POSITIVE_INFINITY)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('admits a charge that fits and says what is left, down to exactly nothing', () => {
    expect(decideBudget(100, { charged: 30, consumedWithRequest: 30, msBeforeReset: 60_000 })).toEqual({
      admitted: true,
      charged: 30,
      remaining: 70,
    });
    expect(decideBudget(100, { charged: 40, consumedWithRequest: 100, msBeforeReset: 5_000 })).toEqual({
      admitted: true,
      charged: 40,
      remaining: 0,
    });
  });

  it('refuses a charge larger than what is left, reporting the budget as it was before the request', () => {
    // 90 spent, 30 asked: the store did not add it, so 10 is still there for a cheaper request.
    const decision = decideBudget(100, { charged: 30, consumedWithRequest: 120, msBeforeReset: 12_300 });
    expect(decision).toEqual({ admitted: false, charged: 30, remaining: 10, retryAfterSeconds: 13, neverFits: false });
  });

  it('tells a client to retry after at least a second, and when a request can never fit', () => {
    const soon = decideBudget(100, { charged: 5, consumedWithRequest: 101, msBeforeReset: 20 });
    expect(soon.admitted === false && soon.retryAfterSeconds).toBe(1);
    const tooBig = decideBudget(100, { charged: 150, consumedWithRequest: 150, msBeforeReset: 60_000 });
    expect(tooBig).toMatchObject({ admitted: false, remaining: 100, neverFits: true });
  });

  it('answers a refusal with 429, Retry-After, RATE_LIMITED, the cost and the budget left', () => {
    const decision = decideBudget(100, { charged: 30, consumedWithRequest: 120, msBeforeReset: 12_300 });
    if (decision.admitted) throw new Error('expected a refusal');
    const refusal = costRefusal(decision);
    expect(refusal.status).toBe(429);
    expect(refusal.headers).toEqual({ 'retry-after': '13' });
    expect(refusal.error.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 13,
      cost: 30,
      costBudgetRemaining: 10,
    });
    expect(refusal.error.message).toMatch(/estimated cost is 30, more than the 10 left/);
  });

  it('says plainly when a request costs more than the whole budget', () => {
    const decision = decideBudget(100, { charged: 150, consumedWithRequest: 150, msBeforeReset: 60_000 });
    if (decision.admitted) throw new Error('expected a refusal');
    expect(costRefusal(decision).error.message).toMatch(/more than the whole budget per minute/);
  });

  it('refuses with 503 and RATE_LIMITED when the budget cannot be read and the limits fail closed', () => {
    const refusal = budgetUnavailable();
    expect(refusal.status).toBe(503);
    expect(refusal.headers['retry-after']).toBe('1');
    expect(refusal.error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
  });
});
