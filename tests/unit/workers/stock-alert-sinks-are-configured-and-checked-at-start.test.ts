import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config.js';
import { loadStockAlertSettings } from '../../../subgraphs/warehouse/src/jobs/stock-alert-settings.js';

const SECRET = 'a-stock-alert-signing-key-of-32-characters';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadStockAlertSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('stock alert settings', () => {
  it('store alerts for staff and log them by default, one per item every 15 minutes', () => {
    expect(loadStockAlertSettings({})).toEqual({ sinks: ['store', 'log'], webhook: null, rateWindowMs: 900_000 });
  });

  it('turn the webhook on with its URL and key, with retries and a timeout', () => {
    const settings = loadStockAlertSettings({
      STOCK_ALERT_SINKS: 'store, webhook',
      STOCK_ALERT_WEBHOOK_URL: 'https://ops.example/stock',
      STOCK_ALERT_WEBHOOK_SECRET: SECRET,
      STOCK_ALERT_RATE_WINDOW_SECONDS: '0',
    });
    expect(settings).toEqual({
      sinks: ['store', 'webhook'],
      webhook: { url: 'https://ops.example/stock', secret: SECRET, attempts: 8, timeoutMs: 5000 },
      rateWindowMs: 0,
    });
  });

  it('may send alerts nowhere', () => {
    expect(loadStockAlertSettings({ STOCK_ALERT_SINKS: 'none' }).sinks).toEqual([]);
  });

  it('name every bad or missing variable at once', () => {
    expect(problemsOf({ STOCK_ALERT_SINKS: 'store,pager' })).toEqual([
      'STOCK_ALERT_SINKS names unknown sinks (pager): list some of store, log, webhook, or none',
    ]);
    expect(
      problemsOf({
        STOCK_ALERT_SINKS: 'webhook',
        STOCK_ALERT_WEBHOOK_SECRET: 'short',
        STOCK_ALERT_RATE_WINDOW_SECONDS: '-1',
      }),
    ).toEqual([
      'STOCK_ALERT_WEBHOOK_SECRET must be at least 32 characters',
      'STOCK_ALERT_RATE_WINDOW_SECONDS must be between 0 and 86400 seconds',
      'STOCK_ALERT_WEBHOOK_URL is required: STOCK_ALERT_SINKS lists webhook',
    ]);
    expect(
      problemsOf({
        STOCK_ALERT_SINKS: 'webhook',
        STOCK_ALERT_WEBHOOK_URL: 'ftp://ops.example',
        STOCK_ALERT_WEBHOOK_SECRET: SECRET,
      }),
    ).toEqual(['STOCK_ALERT_WEBHOOK_URL must be an http(s) URL']);
  });
});
