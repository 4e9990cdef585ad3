import { describe, expect, it } from 'vitest';
import { BENCH_SCENARIOS, parseScenarios, readBenchSettings } from '../../../scripts/bench/settings.js';

describe('choosing what the benchmark runs', () => {
  it('runs everything when BENCH_SCENARIOS is unset or blank', () => {
    expect([...parseScenarios(undefined)]).toEqual([...BENCH_SCENARIOS]);
    expect([...parseScenarios('  ')]).toEqual([...BENCH_SCENARIOS]);
  });

  it('takes single scenarios and groups', () => {
    expect([...parseScenarios('checkout')]).toEqual(['checkout-closed', 'checkout-open']);
    expect([...parseScenarios('checkout-open, price')]).toEqual(['checkout-open', 'price']);
    expect([...parseScenarios('product-page')]).toEqual(['gateway', 'gateway-off', 'gateway-cached', 'hive', 'direct']);
  });

  it('refuses an unknown name rather than silently running nothing', () => {
    expect(() => parseScenarios('checkout,chekout')).toThrow(/unknown scenario "chekout"/);
  });

  it('reads the open-loop rates, defaulting to 10, 25, 50 and 100 per second', () => {
    expect(readBenchSettings({}).checkoutRates).toEqual([10, 25, 50, 100]);
    expect(readBenchSettings({ BENCH_CHECKOUT_RATES: '2.5, 40' }).checkoutRates).toEqual([2.5, 40]);
    expect(() => readBenchSettings({ BENCH_CHECKOUT_RATES: '10,0' })).toThrow(/BENCH_CHECKOUT_RATES/);
  });

  it('makes the CPU profile folder absolute, and has none by default', () => {
    expect(readBenchSettings({}).cpuProfileDir).toBeUndefined();
    expect(readBenchSettings({ BENCH_CPU_PROFILE: '/tmp/profiles' }).cpuProfileDir).toBe('/tmp/profiles');
  });
});
