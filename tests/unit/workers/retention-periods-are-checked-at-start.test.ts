import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config.js';
import { loadRetentionSettings } from '../../../shared/retention/retention-settings.js';
import { checkSettingsAgree } from '../../../workers/src/settings-checks.js';

const DAY = 86_400_000;

describe('retention settings', () => {
  it('default to the documented periods', () => {
    const settings = loadRetentionSettings({});
    expect(settings).toEqual({
      intervalMs: 3_600_000,
      batchSize: 500,
      maxBatches: 200,
      outboxMs: 7 * DAY,
      processedEventMs: 30 * DAY,
      orderRequestMs: 30 * DAY,
      deadLetterMs: 30 * DAY,
      stockAlertMs: 90 * DAY,
      refreshTokenMs: 30 * DAY,
      analyticsEventMs: 400 * DAY,
      carts: { everyMs: 3_600_000, guestMs: 30 * DAY, customerMs: 180 * DAY, emptyMs: 7 * DAY },
    });
  });

  it('name every bad variable at once', () => {
    const env = {
      OUTBOX_RETENTION_DAYS: '0',
      CART_EMPTY_RETENTION_DAYS: 'soon',
      RETENTION_BATCH_SIZE: '0',
      DEAD_LETTER_RETENTION_DAYS: '-1',
      CART_CUSTOMER_RETENTION_DAYS: '4000',
      // Shorter than an order may still move: its later events would miss the ones they read.
      ANALYTICS_EVENT_RETENTION_DAYS: '30',
    };
    let error: unknown;
    try {
      loadRetentionSettings(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((problem) => problem.split(' ')[0]).sort();
    expect(names).toEqual([
      'ANALYTICS_EVENT_RETENTION_DAYS',
      'CART_CUSTOMER_RETENTION_DAYS',
      'CART_EMPTY_RETENTION_DAYS',
      'DEAD_LETTER_RETENTION_DAYS',
      'OUTBOX_RETENTION_DAYS',
      'RETENTION_BATCH_SIZE',
    ]);
  });

  it('keep CART_RETENTION_DAYS as the guest carts period, unless CART_GUEST_RETENTION_DAYS says otherwise', () => {
    expect(loadRetentionSettings({ CART_RETENTION_DAYS: '12' }).carts.guestMs).toBe(12 * DAY);
    // Values the older settings accepted still start the workers.
    expect(
      loadRetentionSettings({ CART_RETENTION_DAYS: '5000', CART_CLEANUP_INTERVAL_MS: '172800000' }).carts,
    ).toMatchObject({
      guestMs: 5000 * DAY,
      everyMs: 172_800_000,
    });
    expect(loadRetentionSettings({ CART_RETENTION_DAYS: '12', CART_GUEST_RETENTION_DAYS: '3' }).carts.guestMs).toBe(
      3 * DAY,
    );
  });

  it('refuse an inbox kept for less time than the outbox rows it answers for', () => {
    expect(() => loadRetentionSettings({ OUTBOX_RETENTION_DAYS: '10', PROCESSED_EVENT_RETENTION_DAYS: '5' })).toThrow(
      /PROCESSED_EVENT_RETENTION_DAYS \(5\) must be at least OUTBOX_RETENTION_DAYS \(10\)/,
    );
    expect(() =>
      loadRetentionSettings({ OUTBOX_RETENTION_DAYS: '10', PROCESSED_EVENT_RETENTION_DAYS: '10' }),
    ).not.toThrow();
  });

  it('refuse idempotency claims deleted while their checkout may still record its order', () => {
    // A 30-day payment window (the longest allowed) against claims kept 30 days.
    expect(() =>
      checkSettingsAgree({
        ORDER_PAYMENT_WINDOW_MINUTES: String(60 * 24 * 30),
        PROMOTION_HOLD_MAX_AGE_SECONDS: String(3_000_000),
      }),
    ).toThrow(/ORDER_REQUEST_RETENTION_DAYS \(30\) must be longer than ORDER_PAYMENT_WINDOW_MINUTES/);
    expect(() =>
      checkSettingsAgree({
        ORDER_PAYMENT_WINDOW_MINUTES: String(60 * 24 * 30),
        PROMOTION_HOLD_MAX_AGE_SECONDS: String(3_000_000),
        ORDER_REQUEST_RETENTION_DAYS: '31',
      }),
    ).not.toThrow();
  });
});
