import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  currentPreferences,
  DEFAULT_PREFERENCES,
  type LatestChange,
  latestValues,
  type PreferencesInput,
  plannedChanges,
  requestedValues,
} from '../../../subgraphs/customer/src/domain/preferences.js';

function refusal(input: PreferencesInput): { code: unknown; field: unknown; message: string } {
  try {
    requestedValues(input);
  } catch (error) {
    const { extensions, message } = error as GraphQLError;
    return { code: extensions.code, field: extensions.field, message };
  }
  throw new Error('the input was accepted');
}

describe('the current preferences', () => {
  it('are the documented defaults, with no consent given, while a customer never chose', () => {
    expect(currentPreferences({})).toEqual({
      language: 'en',
      currency: 'EUR',
      marketingEmail: false,
      marketingSms: false,
      profiling: false,
      termsVersion: null,
    });
    expect(currentPreferences({})).toEqual(DEFAULT_PREFERENCES);
  });

  it('take each key from its latest change and leave the others at their defaults', () => {
    const latest: LatestChange[] = [
      { key: 'LANGUAGE', seq: 3, newValue: 'fr-CA' },
      { key: 'MARKETING_EMAIL', seq: 2, newValue: 'true' },
      { key: 'PROFILING', seq: 4, newValue: 'false' },
      { key: 'TERMS_VERSION', seq: 1, newValue: '2026-11' },
    ];
    expect(currentPreferences(latestValues(latest))).toEqual({
      language: 'fr-CA',
      currency: 'EUR',
      marketingEmail: true,
      marketingSms: false,
      profiling: false,
      termsVersion: '2026-11',
    });
  });

  it('fall back to the default currency when the one chosen is no longer sold', () => {
    expect(currentPreferences({ CURRENCY: 'XYZ' }).currency).toBe('EUR');
    expect(currentPreferences({ CURRENCY: 'GBP' }).currency).toBe('GBP');
  });
});

describe('a preference change', () => {
  it('is written only for keys whose value differs, numbered after and starting from the latest change', () => {
    const latest: LatestChange[] = [
      { key: 'MARKETING_EMAIL', seq: 5, newValue: 'true' },
      { key: 'LANGUAGE', seq: 1, newValue: 'en-GB' },
    ];
    const planned = plannedChanges(latest, { MARKETING_EMAIL: 'false', LANGUAGE: 'en-GB', CURRENCY: 'GBP' });
    expect(planned).toEqual([
      { key: 'CURRENCY', seq: 1, oldValue: null, newValue: 'GBP' },
      { key: 'MARKETING_EMAIL', seq: 6, oldValue: 'true', newValue: 'false' },
    ]);
  });

  it('is recorded the first time a key is chosen, even when the choice equals the default', () => {
    expect(plannedChanges([], { MARKETING_SMS: 'false' })).toEqual([
      { key: 'MARKETING_SMS', seq: 1, oldValue: null, newValue: 'false' },
    ]);
  });

  it('is nothing when every key given already has its value', () => {
    expect(plannedChanges([{ key: 'PROFILING', seq: 2, newValue: 'true' }], { PROFILING: 'true' })).toEqual([]);
  });
});

describe('preference input', () => {
  it('is stored in canonical form: language tags as BCP 47 writes them, consents as true or false', () => {
    expect(
      requestedValues({
        language: ' EN-gb ',
        currency: 'USD',
        marketingEmail: true,
        marketingSms: false,
        profiling: true,
        termsVersion: ' 2026-12 ',
      }),
    ).toEqual({
      LANGUAGE: 'en-GB',
      CURRENCY: 'USD',
      MARKETING_EMAIL: 'true',
      MARKETING_SMS: 'false',
      PROFILING: 'true',
      TERMS_VERSION: '2026-12',
    });
    expect(requestedValues({ language: 'zh-hant-tw' })).toEqual({ LANGUAGE: 'zh-Hant-TW' });
  });

  it('keeps only the keys given', () => {
    expect(requestedValues({ profiling: false })).toEqual({ PROFILING: 'false' });
  });

  it('refuses a malformed language tag, naming the field', () => {
    for (const language of ['', 'english please', 'en_GB!', 'x'.repeat(40), '123']) {
      expect(refusal({ language })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.language' });
    }
  });

  it('refuses a currency the shop does not sell, naming the field', () => {
    for (const currency of ['XXX', 'eur', 'EURO', '']) {
      expect(refusal({ currency })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.currency' });
    }
  });

  it('refuses an empty, overlong or marked-up terms version, naming the field', () => {
    for (const termsVersion of ['', '   ', 'v'.repeat(33), '<b>1</b>']) {
      expect(refusal({ termsVersion })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.termsVersion' });
    }
  });

  it('refuses null for a key, since a consent is given or withdrawn, never unknown again', () => {
    expect(refusal({ marketingEmail: null })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.marketingEmail',
    });
  });

  it('refuses an input that names no preference', () => {
    expect(refusal({})).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
  });
});
