import { type CurrencyCode, isCurrencyCode } from '../../../../shared/currency.js';
import { badUserInput } from '../../../../shared/errors.js';
import { parseInput, shortText } from '../../../../shared/validation.js';

/**
 * A customer's preferences and consents, kept as an append-only history of changes: the current
 * value of each key is the new value of its latest change. Values are stored as text
 * (`true`/`false` for consents), so one table holds every key's history.
 */
export const PREFERENCE_KEYS = [
  'LANGUAGE',
  'CURRENCY',
  'MARKETING_EMAIL',
  'MARKETING_SMS',
  'PROFILING',
  'TERMS_VERSION',
] as const;
export type PreferenceKey = (typeof PREFERENCE_KEYS)[number];

/** Where a change came from: registration, the customer themselves, or staff on their behalf. */
export type PreferenceSource = 'SIGN_UP' | 'API' | 'SUPPORT';

export interface Preferences {
  language: string;
  currency: CurrencyCode;
  marketingEmail: boolean;
  marketingSms: boolean;
  profiling: boolean;
  termsVersion: string | null;
}

/**
 * What applies while a customer never chose: English and euros, and no consent given, since a
 * consent counts only when the customer gave it (GDPR art. 7). No terms accepted yet.
 */
export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  language: 'en',
  currency: 'EUR',
  marketingEmail: false,
  marketingSms: false,
  profiling: false,
  termsVersion: null,
});

/** The GraphQL input field of each key, as a refusal names it (`input.marketingEmail`). */
const FIELD_OF: Record<PreferenceKey, keyof Preferences> = {
  LANGUAGE: 'language',
  CURRENCY: 'currency',
  MARKETING_EMAIL: 'marketingEmail',
  MARKETING_SMS: 'marketingSms',
  PROFILING: 'profiling',
  TERMS_VERSION: 'termsVersion',
};

const CONSENT_KEYS: ReadonlySet<PreferenceKey> = new Set(['MARKETING_EMAIL', 'MARKETING_SMS', 'PROFILING']);

/** The stored value of each key the customer changed last: its latest row's new value. */
export type LatestValues = Partial<Record<PreferenceKey, string>>;

/** The current view: each key's latest value, or its default when it never changed. */
export function currentPreferences(latest: LatestValues): Preferences {
  const flag = (key: PreferenceKey, fallback: boolean) => (key in latest ? latest[key] === 'true' : fallback);
  const currency = latest.CURRENCY;
  return {
    language: latest.LANGUAGE ?? DEFAULT_PREFERENCES.language,
    // A currency the shop stopped selling falls back to the default rather than failing the read.
    currency: currency !== undefined && isCurrencyCode(currency) ? currency : DEFAULT_PREFERENCES.currency,
    marketingEmail: flag('MARKETING_EMAIL', DEFAULT_PREFERENCES.marketingEmail),
    marketingSms: flag('MARKETING_SMS', DEFAULT_PREFERENCES.marketingSms),
    profiling: flag('PROFILING', DEFAULT_PREFERENCES.profiling),
    termsVersion: latest.TERMS_VERSION ?? DEFAULT_PREFERENCES.termsVersion,
  };
}

/** The input of updatePreferences as GraphQL hands it over: a key left out is undefined. */
export interface PreferencesInput {
  language?: string | null;
  currency?: string | null;
  marketingEmail?: boolean | null;
  marketingSms?: boolean | null;
  profiling?: boolean | null;
  termsVersion?: string | null;
}

/** The values to write, as stored, for the keys given. */
export type RequestedValues = Partial<Record<PreferenceKey, string>>;

const MAX_LANGUAGE_TAG_LENGTH = 35;
const termsVersion = shortText(32);

/**
 * A BCP 47 language tag in its canonical form (`en-gb` → `en-GB`), as the runtime's ICU data
 * defines the syntax; anything else is BAD_USER_INPUT naming the field.
 */
export function canonicalLanguageTag(value: string, field: string): string {
  const refused = () => badUserInput(`${field} must be a BCP 47 language tag, e.g. en-GB`, field);
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_LANGUAGE_TAG_LENGTH) throw refused();
  try {
    const [canonical] = Intl.getCanonicalLocales(trimmed);
    if (canonical === undefined) throw refused();
    return canonical;
  } catch {
    throw refused();
  }
}

/**
 * Checks every key given and turns it into the value to store; the first bad one is
 * BAD_USER_INPUT naming it (`input.currency`), before anything is written. null is refused
 * rather than read as "reset": a consent is given or withdrawn, never unknown again.
 */
export function requestedValues(input: PreferencesInput, prefix = 'input'): RequestedValues {
  const requested: RequestedValues = {};
  for (const key of PREFERENCE_KEYS) {
    const name = FIELD_OF[key];
    const field = `${prefix}.${name}`;
    const value = input[name];
    if (value === undefined) continue;
    if (value === null) throw badUserInput(`${field} must not be null: leave it out to keep its value`, field);
    if (CONSENT_KEYS.has(key)) {
      if (typeof value !== 'boolean') throw badUserInput(`${field} must be true or false`, field);
      requested[key] = String(value);
    } else if (key === 'LANGUAGE') {
      requested[key] = canonicalLanguageTag(String(value), field);
    } else if (key === 'CURRENCY') {
      const code = String(value).trim();
      if (!isCurrencyCode(code))
        throw badUserInput(`${field} must be a supported ISO 4217 currency code, e.g. EUR`, field);
      requested[key] = code;
    } else {
      requested[key] = parseInput(termsVersion, value, field);
    }
  }
  if (Object.keys(requested).length === 0) {
    throw badUserInput(`${prefix} must name at least one preference to change`, prefix);
  }
  return requested;
}

export interface PlannedChange {
  key: PreferenceKey;
  seq: number;
  oldValue: string | null;
  newValue: string;
}

/** The latest change of one key: its sequence number and the value it set. */
export interface LatestChange {
  key: PreferenceKey;
  seq: number;
  newValue: string;
}

/**
 * The rows a request appends: one per key whose requested value differs from its latest one,
 * numbered after it and starting from its value. A key never changed before always gets a row,
 * even for its default value: an explicit "no" to a consent is evidence too.
 */
export function plannedChanges(latest: readonly LatestChange[], requested: RequestedValues): PlannedChange[] {
  const latestByKey = new Map(latest.map((change) => [change.key, change]));
  const changes: PlannedChange[] = [];
  for (const key of PREFERENCE_KEYS) {
    const newValue = requested[key];
    if (newValue === undefined) continue;
    const previous = latestByKey.get(key);
    if (previous?.newValue === newValue) continue;
    changes.push({ key, seq: (previous?.seq ?? 0) + 1, oldValue: previous?.newValue ?? null, newValue });
  }
  return changes;
}

/** The latest values of a customer's keys, from the latest change of each. */
export function latestValues(latest: readonly LatestChange[]): LatestValues {
  return Object.fromEntries(latest.map((change) => [change.key, change.newValue]));
}
