import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config.js';
import { MoneyDecimal } from '../../../shared/money.js';
import {
  decodeCacheEntry,
  encodeCacheEntry,
  type OrderTotals,
  parseVipThresholds,
  rulesFingerprint,
  segmentsOf,
  servableSegments,
  type VipThresholds,
} from '../../../subgraphs/customer/src/domain/segments.js';
import { loadVipThresholds } from '../../../subgraphs/customer/src/segment-config.js';

const thresholds: VipThresholds = new Map([
  ['EUR', new MoneyDecimal(1000)],
  ['USD', new MoneyDecimal(1200)],
]);

const paid = (currency: string, orders: number, amount: string, cancelled = false): OrderTotals => ({
  currency,
  orders,
  amount,
  cancelled,
});

const segments = (orders: OrderTotals[], marketingEmail = false) => segmentsOf({ orders, marketingEmail }, thresholds);

describe('customer segments', () => {
  it('are NEW without a paid order that stands, cancelled ones included', () => {
    expect(segments([])).toEqual(['NEW']);
    expect(segments([paid('EUR', 3, '5000', true)])).toEqual(['NEW']);
    expect(segments([paid('EUR', 1, '10')])).toEqual([]);
  });

  it('are RETURNING from two paid orders that stand, in any currencies', () => {
    expect(segments([paid('EUR', 1, '10'), paid('USD', 1, '10')])).toEqual(['RETURNING']);
    expect(segments([paid('EUR', 1, '10'), paid('EUR', 1, '10', true)])).toEqual([]);
  });

  it('are VIP when one currency reaches its threshold, exactly, and never by adding currencies up', () => {
    expect(segments([paid('EUR', 1, '1000.0000')])).toEqual(['VIP']);
    expect(segments([paid('EUR', 1, '999.9999')])).toEqual([]);
    expect(segments([paid('EUR', 1, '999'), paid('USD', 1, '999')])).toEqual(['RETURNING']);
    expect(segments([paid('USD', 2, '1199.99')])).toEqual(['RETURNING']);
    expect(segments([paid('USD', 2, '1200')])).toEqual(['RETURNING', 'VIP']);
  });

  it('do not count cancelled orders towards VIP, and never make anyone VIP in a currency without a threshold', () => {
    expect(segments([paid('EUR', 1, '600'), paid('EUR', 1, '600', true)])).toEqual([]);
    expect(segments([paid('GBP', 1, '1000000')])).toEqual([]);
  });

  it('are MARKETING_REACHABLE with the e-mail marketing consent, whatever the orders', () => {
    expect(segments([], true)).toEqual(['NEW', 'MARKETING_REACHABLE']);
    expect(segments([paid('EUR', 2, '2000')], true)).toEqual(['RETURNING', 'VIP', 'MARKETING_REACHABLE']);
  });
});

describe('VIP thresholds (SEGMENT_VIP_THRESHOLDS)', () => {
  it('read CURRENCY:amount pairs, and default to 1000 EUR, GBP and USD', () => {
    const parsed = parseVipThresholds(' eur:1000 , USD:1200.50');
    expect('thresholds' in parsed && [...parsed.thresholds].map(([c, a]) => `${c}:${a.toFixed()}`)).toEqual([
      'EUR:1000',
      'USD:1200.5',
    ]);
    expect(rulesFingerprint(loadVipThresholds({}))).toBe('EUR:1000,GBP:1000,USD:1000');
  });

  it('refuse a bad setting at start-up with one clear line per problem', () => {
    const problems = (text: string) => {
      try {
        loadVipThresholds({ SEGMENT_VIP_THRESHOLDS: text });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      throw new Error(`${text} was accepted`);
    };
    expect(problems('EUR=1000')).toEqual(['SEGMENT_VIP_THRESHOLDS: "EUR=1000" must be CURRENCY:amount, as EUR:1000']);
    expect(problems('XXX:5')[0]).toMatch(/XXX is not one of AUD, CAD/);
    expect(problems('EUR:5,EUR:6')).toEqual(['SEGMENT_VIP_THRESHOLDS: "EUR:6": EUR is given more than once']);
    expect(problems('EUR:0')).toEqual(['SEGMENT_VIP_THRESHOLDS: "EUR:0": the amount must be positive']);
    expect(problems('EUR:1e3,USD:-1')).toHaveLength(2);
    expect(problems(',')).toHaveLength(2);
  });
});

describe('a cached segment entry', () => {
  const rules = rulesFingerprint(thresholds);
  const entry = { version: '7', rules, segments: ['RETURNING' as const, 'VIP' as const] };

  it('is served only at the data version and by the rules it was computed with', () => {
    const decoded = decodeCacheEntry(encodeCacheEntry(entry));
    expect(servableSegments(decoded, 7n, rules)).toEqual(['RETURNING', 'VIP']);
    expect(servableSegments(decoded, 8n, rules)).toBeNull();
    expect(servableSegments(decoded, 6n, rules)).toBeNull();
    expect(servableSegments(decoded, 7n, 'EUR:500')).toBeNull();
    expect(servableSegments(null, 0n, rules)).toBeNull();
  });

  it('is not believed when it is anything but an entry this code wrote', () => {
    for (const raw of [
      '',
      'null',
      '{"v":7,"r":"","s":[]}',
      '{"v":"7","r":"","s":["GOLD"]}',
      '{"v":"7","s":[]}',
      '[]',
    ]) {
      expect(decodeCacheEntry(raw)).toBeNull();
    }
  });
});
