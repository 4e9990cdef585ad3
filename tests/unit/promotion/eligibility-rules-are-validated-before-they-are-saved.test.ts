import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import { eligibilityRule } from '../../../subgraphs/promotion/src/domain/eligibility-rules.js';

/** The BAD_USER_INPUT message of a refused rule ("eligibility.all.0.operator must be ..."). */
function refusal(rule: unknown): string | undefined {
  try {
    parseInput(eligibilityRule, rule, 'eligibility');
  } catch (error) {
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    return (error as Error).message;
  }
  return undefined;
}

const leaf = { fact: 'subtotal', operator: 'greaterThanInclusive', value: 30 };

/** VIP or first order, subtotal ≥ 30 EUR, tea in the cart, Monday to Friday, on the web or the app. */
const realistic = {
  all: [
    {
      any: [
        { fact: 'segments', operator: 'contains', value: 'VIP' },
        { fact: 'firstOrder', operator: 'equal', value: true },
      ],
    },
    { fact: 'currency', operator: 'equal', value: 'EUR' },
    { fact: 'subtotal', operator: 'greaterThanInclusive', value: 30 },
    { fact: 'categoryIds', operator: 'contains', value: 'tea' },
    { fact: 'weekday', operator: 'greaterThanInclusive', value: 1 },
    { fact: 'weekday', operator: 'lessThanInclusive', value: 5 },
    { fact: 'channel', operator: 'in', value: ['WEB', 'MOBILE_APP'] },
  ],
};

/** A rule nested `levels` deep: groups around one leaf. */
function nested(levels: number): unknown {
  let rule: unknown = leaf;
  for (let level = 1; level < levels; level++) rule = level % 2 ? { all: [rule] } : { not: rule };
  return rule;
}

describe('eligibility rules are validated before they are saved', () => {
  it('accepts a realistic rule and outputs the same plain JSON tree', () => {
    expect(refusal(realistic)).toBeUndefined();
    expect(parseInput(eligibilityRule, realistic)).toEqual(realistic);
    expect(JSON.parse(JSON.stringify(parseInput(eligibilityRule, realistic)))).toEqual(realistic);
  });

  it('accepts a lone condition and a negation as the whole rule', () => {
    expect(refusal(leaf)).toBeUndefined();
    expect(refusal({ not: { fact: 'firstOrder', operator: 'equal', value: true } })).toBeUndefined();
  });

  it('refuses a fact it does not know, listing the facts it does', () => {
    expect(refusal({ all: [{ fact: 'country', operator: 'equal', value: 'DE' }] })).toBe(
      'eligibility.all.0.fact must be one of segments, firstOrder, subtotal, itemCount, productIds, categoryIds, currency, channel, weekday, hour, time',
    );
  });

  it("refuses an operator that does not fit the fact's type, naming the ones that do", () => {
    expect(refusal({ all: [{ fact: 'segments', operator: 'equal', value: 'VIP' }] })).toBe(
      'eligibility.all.0.operator must be one of contains, doesNotContain for fact segments',
    );
    expect(refusal({ any: [{ fact: 'subtotal', operator: 'in', value: [30] }] })).toBe(
      'eligibility.any.0.operator must be one of equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive for fact subtotal',
    );
    expect(refusal({ fact: 'channel', operator: 'contains', value: 'WEB' })).toBe(
      'eligibility.operator must be one of equal, notEqual, in, notIn for fact channel',
    );
    expect(refusal({ fact: 'firstOrder', operator: 'greaterThan', value: true })).toBe(
      'eligibility.operator must be one of equal, notEqual for fact firstOrder',
    );
    expect(refusal({ fact: 'hour', operator: 'regex', value: 3 })).toMatch(/^eligibility\.operator /);
  });

  it('refuses a value of the wrong type for the fact and operator', () => {
    expect(refusal({ fact: 'subtotal', operator: 'greaterThan', value: '30' })).toBe(
      'eligibility.value must be a finite number',
    );
    expect(refusal({ fact: 'subtotal', operator: 'greaterThan', value: Number.POSITIVE_INFINITY })).toBe(
      'eligibility.value must be a finite number',
    );
    expect(refusal({ fact: 'firstOrder', operator: 'equal', value: 'yes' })).toBe(
      'eligibility.value must be true or false',
    );
    expect(refusal({ fact: 'channel', operator: 'in', value: 'WEB' })).toBe(
      'eligibility.value must be a list of strings for operator in',
    );
    expect(refusal({ fact: 'productIds', operator: 'contains', value: ['p1'] })).toBe(
      'eligibility.value must be a string',
    );
    // An object value would be read by the engine as a reference to another fact.
    expect(refusal({ fact: 'time', operator: 'lessThan', value: { fact: 'hour' } })).toBe(
      'eligibility.value must be a finite number',
    );
  });

  it('refuses strings longer than 64 characters and lists longer than 100 values', () => {
    expect(refusal({ fact: 'productIds', operator: 'contains', value: 'p'.repeat(65) })).toBe(
      'eligibility.value must be at most 64 characters',
    );
    expect(refusal({ fact: 'productIds', operator: 'contains', value: 'p'.repeat(64) })).toBeUndefined();
    const currencies = Array.from({ length: 101 }, () => 'EUR');
    expect(refusal({ fact: 'currency', operator: 'notIn', value: currencies })).toBe(
      'eligibility.value must hold at most 100 values',
    );
  });

  it('refuses segments, channels and currencies that do not exist, so a typo never silently fails to match', () => {
    expect(refusal({ fact: 'segments', operator: 'contains', value: 'vip' })).toBe(
      'eligibility.value "vip" is not a segments value: must be NEW, RETURNING, VIP, MARKETING_REACHABLE',
    );
    expect(refusal({ fact: 'channel', operator: 'in', value: ['WEB', 'KIOSK'] })).toBe(
      'eligibility.value "KIOSK" is not a channel value: must be WEB, MOBILE_APP, STORE, MARKETPLACE',
    );
    expect(refusal({ fact: 'currency', operator: 'equal', value: 'EURO' })).toMatch(/^eligibility\.value "EURO"/);
  });

  it('refuses a rule nested deeper than 5 levels', () => {
    expect(refusal(nested(5))).toBeUndefined();
    expect(refusal(nested(6))).toBe(
      'eligibility.all.0.not.all.0.not must be a { fact, operator, value } condition: rules nest at most 5 levels deep',
    );
    // Hostile depth is refused at the limit, not walked to the bottom.
    expect(refusal(nested(10_000))).toMatch(/rules nest at most 5 levels deep$/);
  });

  it('refuses more than 50 conditions in all, and more than 20 in one group', () => {
    const group = (size: number) => ({ any: Array.from({ length: size }, () => leaf) });
    expect(refusal({ all: [group(20), group(20), group(10)] })).toBeUndefined();
    expect(refusal({ all: [group(20), group(20), group(11)] })).toBe(
      'eligibility must have at most 50 conditions in all, has 51',
    );
    expect(refusal(group(21))).toBe('eligibility.any must hold at most 20 conditions');
  });

  it('refuses keys it does not know, on conditions and on groups', () => {
    expect(refusal({ all: [{ ...leaf, path: '$.amount' }] })).toBe(
      'eligibility.all.0 may only have the keys fact, operator, value; refused: path',
    );
    expect(refusal({ all: [leaf], priority: 10 })).toBe('eligibility may only have the keys all; refused: priority');
    expect(refusal({ all: [leaf], any: [leaf] })).toBe('eligibility may only have the keys all; refused: any');
  });

  it('refuses empty groups and things that are not conditions', () => {
    expect(refusal({ all: [] })).toBe('eligibility.all must hold at least one condition');
    expect(refusal({ any: [] })).toBe('eligibility.any must hold at least one condition');
    expect(refusal({ all: leaf })).toBe('eligibility.all must be a list of conditions');
    for (const rule of [null, 'subtotal > 30', [leaf], {}]) {
      expect(refusal(rule)).toBe(
        'eligibility must be { all: [...] }, { any: [...] }, { not: condition } or { fact, operator, value }',
      );
    }
  });
});
