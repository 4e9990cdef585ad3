import { Decimal } from 'decimal.js';
import { describe, expect, it, vi } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import {
  compileRule,
  type EligibilityRule,
  eligibilityRule,
  factsFor,
  type RuleFacts,
  ruleCache,
  usesCustomerFacts,
} from '../../../subgraphs/promotion/src/domain/eligibility-rules.js';

// Wednesday 2026-03-04, 14:30 UTC.
const AT = new Date('2026-03-04T14:30:00Z');

const cart = (changes: Partial<Parameters<typeof factsFor>[0]> = {}): RuleFacts =>
  factsFor({
    segments: ['RETURNING', 'VIP'],
    subtotal: new Decimal('42.50'),
    currency: 'EUR',
    channel: 'WEB',
    at: AT,
    lines: [
      { productId: 'sencha', categoryId: 'tea', quantity: 2 },
      { productId: 'teapot', categoryId: 'kitchen', quantity: 1 },
      { productId: 'gift-card', categoryId: null, quantity: 1 },
    ],
    ...changes,
  });

/** Whether the facts meet the rule, the rule first validated as it would be on save. */
const met = (rule: unknown, facts: RuleFacts = cart()) => compileRule(parseInput(eligibilityRule, rule)).met(facts);
const test = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });

describe('eligibility facts', () => {
  it('describe the cart, the customer and the instant in UTC', () => {
    expect(cart()).toEqual({
      segments: ['RETURNING', 'VIP'],
      firstOrder: false,
      subtotal: 42.5,
      itemCount: 4,
      productIds: ['sencha', 'teapot', 'gift-card'],
      categoryIds: ['tea', 'kitchen'],
      currency: 'EUR',
      channel: 'WEB',
      weekday: 3,
      hour: 14,
      time: AT.getTime(),
    });
  });

  it('count Sunday as ISO weekday 7 and a NEW customer as on a first order', () => {
    const facts = cart({ segments: ['NEW'], at: new Date('2026-03-08T23:59:00Z') });
    expect(facts.weekday).toBe(7);
    expect(facts.hour).toBe(23);
    expect(facts.firstOrder).toBe(true);
  });

  it('give a guest no segments and no first order', () => {
    const guest = cart({ segments: null });
    expect(guest.segments).toEqual([]);
    expect(guest.firstOrder).toBe(false);
  });
});

describe('eligibility rules are evaluated by the rules engine', () => {
  it('compare numbers with each numeric operator', async () => {
    expect(await met(test('subtotal', 'equal', 42.5))).toBe(true);
    expect(await met(test('subtotal', 'notEqual', 42.5))).toBe(false);
    expect(await met(test('subtotal', 'lessThan', 42.5))).toBe(false);
    expect(await met(test('subtotal', 'lessThanInclusive', 42.5))).toBe(true);
    expect(await met(test('subtotal', 'greaterThan', 42.49))).toBe(true);
    expect(await met(test('subtotal', 'greaterThanInclusive', 42.51))).toBe(false);
    expect(await met(test('itemCount', 'greaterThanInclusive', 4))).toBe(true);
    expect(await met(test('hour', 'lessThan', 14))).toBe(false);
  });

  it('compare strings with equal, notEqual, in and notIn', async () => {
    expect(await met(test('currency', 'equal', 'EUR'))).toBe(true);
    expect(await met(test('currency', 'notEqual', 'EUR'))).toBe(false);
    expect(await met(test('channel', 'in', ['WEB', 'MOBILE_APP']))).toBe(true);
    expect(await met(test('channel', 'in', ['STORE']))).toBe(false);
    expect(await met(test('channel', 'notIn', ['MARKETPLACE']))).toBe(true);
  });

  it('test lists with contains and doesNotContain', async () => {
    expect(await met(test('segments', 'contains', 'VIP'))).toBe(true);
    expect(await met(test('segments', 'doesNotContain', 'VIP'))).toBe(false);
    expect(await met(test('productIds', 'contains', 'sencha'))).toBe(true);
    expect(await met(test('categoryIds', 'contains', 'coffee'))).toBe(false);
    expect(await met(test('categoryIds', 'doesNotContain', 'coffee'))).toBe(true);
  });

  it('test booleans with equal and notEqual', async () => {
    expect(await met(test('firstOrder', 'equal', false))).toBe(true);
    expect(await met(test('firstOrder', 'notEqual', false))).toBe(false);
  });

  it('combine conditions with all, any and not', async () => {
    const vip = test('segments', 'contains', 'VIP');
    const coffee = test('categoryIds', 'contains', 'coffee');
    expect(await met({ all: [vip, coffee] })).toBe(false);
    expect(await met({ any: [vip, coffee] })).toBe(true);
    expect(await met({ not: coffee })).toBe(true);
    expect(await met({ all: [vip, { not: coffee }] })).toBe(true);
    expect(await met({ any: [{ not: vip }, { all: [coffee, vip] }] })).toBe(false);
  });

  it('bound a time window with epoch milliseconds and a weekday with ISO numbers', async () => {
    const march = {
      all: [
        test('time', 'greaterThanInclusive', Date.parse('2026-03-01T00:00:00Z')),
        test('time', 'lessThan', Date.parse('2026-04-01T00:00:00Z')),
      ],
    };
    expect(await met(march)).toBe(true);
    expect(await met(march, cart({ at: new Date('2026-04-01T00:00:00Z') }))).toBe(false);
    const weekdays = { all: [test('weekday', 'greaterThanInclusive', 1), test('weekday', 'lessThanInclusive', 5)] };
    expect(await met(weekdays)).toBe(true);
    expect(await met(weekdays, cart({ at: new Date('2026-03-07T10:00:00Z') }))).toBe(false);
  });

  it('let a guest meet neither customer-segment nor first-order conditions', async () => {
    const guest = cart({ segments: null });
    const vipOrFirstOrder = {
      any: [test('segments', 'contains', 'VIP'), test('firstOrder', 'equal', true)],
    };
    expect(await met(vipOrFirstOrder, guest)).toBe(false);
    expect(await met(vipOrFirstOrder, cart({ segments: ['NEW'] }))).toBe(true);
    expect(await met(test('segments', 'doesNotContain', 'VIP'), guest)).toBe(true);
  });

  it('answer each of many evaluations of one rule running at once', async () => {
    const rule = compileRule(parseInput(eligibilityRule, test('itemCount', 'greaterThan', 3)));
    const runs: Promise<boolean>[] = [];
    // Starts staggered by a few microtasks each, so some start while others finish.
    for (let quantity = 0; quantity < 20; quantity++) {
      runs.push(rule.met(cart({ lines: [{ productId: 'p', categoryId: null, quantity }] })));
      for (let tick = 0; tick < quantity; tick++) await Promise.resolve();
    }
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 20 }, (_, quantity) => quantity > 3));
  });

  it('ask for the customer only when a rule tests segments or a first order', () => {
    expect(usesCustomerFacts(null)).toBe(false);
    expect(usesCustomerFacts({ all: [test('subtotal', 'greaterThan', 30) as EligibilityRule] })).toBe(false);
    expect(
      usesCustomerFacts({
        all: [test('subtotal', 'greaterThan', 30), { not: test('firstOrder', 'equal', true) }] as EligibilityRule[],
      }),
    ).toBe(true);
    expect(usesCustomerFacts({ any: [test('segments', 'contains', 'VIP') as EligibilityRule] })).toBe(true);
  });
});

describe('the rule cache', () => {
  const rule = parseInput(eligibilityRule, test('subtotal', 'greaterThan', 30));

  it('compiles a promotion version once and reuses it', async () => {
    const compile = vi.fn(compileRule);
    const cache = ruleCache(10, compile);
    expect(await cache.met('promo-1', 1, rule, cart())).toBe(true);
    expect(await cache.met('promo-1', 1, rule, cart({ subtotal: new Decimal('10') }))).toBe(false);
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('compiles a new version of the promotion afresh', async () => {
    const compile = vi.fn(compileRule);
    const cache = ruleCache(10, compile);
    await cache.met('promo-1', 1, rule, cart());
    const stricter = parseInput(eligibilityRule, test('subtotal', 'greaterThan', 50));
    expect(await cache.met('promo-1', 2, stricter, cart())).toBe(false);
    expect(compile).toHaveBeenCalledTimes(2);
  });

  it('lets every cart through a promotion without a rule, compiling nothing', async () => {
    const compile = vi.fn(compileRule);
    expect(await ruleCache(10, compile).met('promo-1', 1, null, cart({ segments: null }))).toBe(true);
    expect(compile).not.toHaveBeenCalled();
  });

  it('forgets the least recently used rule beyond its size', async () => {
    const compile = vi.fn(compileRule);
    const cache = ruleCache(2, compile);
    await cache.met('a', 1, rule, cart());
    await cache.met('b', 1, rule, cart());
    await cache.met('a', 1, rule, cart()); // a is now the most recently used
    await cache.met('c', 1, rule, cart()); // evicts b
    expect(compile).toHaveBeenCalledTimes(3);
    await cache.met('a', 1, rule, cart());
    await cache.met('c', 1, rule, cart());
    expect(compile).toHaveBeenCalledTimes(3);
    await cache.met('b', 1, rule, cart());
    expect(compile).toHaveBeenCalledTimes(4);
  });
});
