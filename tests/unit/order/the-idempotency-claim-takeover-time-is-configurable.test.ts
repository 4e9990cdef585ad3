import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_TAKEOVER_MS, loadOrderSettings } from '../../../subgraphs/order/src/order-config.js';

// Production mode: the webhook secret is given, so nothing is generated on disk.
const BASE = { NODE_ENV: 'production', PAYMENT_WEBHOOK_SECRET: 'x'.repeat(32), ORDER_LINK_SECRET: 'y'.repeat(32) };

describe('ORDER_CLAIM_TAKEOVER_MS', () => {
  it('defaults to a minute', () => {
    expect(DEFAULT_CLAIM_TAKEOVER_MS).toBe(60_000);
    expect(loadOrderSettings(BASE).claimTakeoverMs).toBe(60_000);
  });

  it('takes whole milliseconds from a second to an hour', () => {
    expect(loadOrderSettings({ ...BASE, ORDER_CLAIM_TAKEOVER_MS: '1000' }).claimTakeoverMs).toBe(1000);
    expect(loadOrderSettings({ ...BASE, ORDER_CLAIM_TAKEOVER_MS: '3600000' }).claimTakeoverMs).toBe(3_600_000);
  });

  it('refuses anything else, naming the variable', () => {
    for (const value of ['999', '-1', '1.5', '3600001', 'soon']) {
      expect(() => loadOrderSettings({ ...BASE, ORDER_CLAIM_TAKEOVER_MS: value })).toThrow(/ORDER_CLAIM_TAKEOVER_MS/);
    }
  });
});
