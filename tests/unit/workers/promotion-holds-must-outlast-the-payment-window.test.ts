import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config.js';
import { checkSettingsAgree } from '../../../workers/src/settings-checks.js';

describe('the workers refuse to start', () => {
  it('when a promotion hold could be looked at as stale while its order may still be paid', () => {
    // A 90-minute window against the one-hour default hold age.
    expect(() => checkSettingsAgree({ ORDER_PAYMENT_WINDOW_MINUTES: '90' })).toThrow(ConfigError);
    expect(() => checkSettingsAgree({ ORDER_PAYMENT_WINDOW_MINUTES: '60' })).toThrow(
      /PROMOTION_HOLD_MAX_AGE_SECONDS \(3600\) must be longer than ORDER_PAYMENT_WINDOW_MINUTES \(3600 s\)/,
    );
  });

  it('but not when the hold age outlasts the window', () => {
    expect(() => checkSettingsAgree({})).not.toThrow();
    expect(() =>
      checkSettingsAgree({ ORDER_PAYMENT_WINDOW_MINUTES: '90', PROMOTION_HOLD_MAX_AGE_SECONDS: '5401' }),
    ).not.toThrow();
  });
});
