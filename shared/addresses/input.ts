import { countryCode, shortText, z } from '../validation.js';
import type { AddressFields } from './country-rules.js';

/**
 * The shape of address input, before the country's own rules (country-rules.ts): lengths, no
 * control characters or markup, NFC. Optional text left out, null or blank becomes "".
 */

/** Trimmed, NFC, checked as short text; "" when null or blank. */
function cleanText(value: string | null | undefined, context: z.RefinementCtx, text: z.ZodType<string>): string {
  const trimmed = (value ?? '').normalize('NFC').trim();
  if (trimmed === '') return '';
  const parsed = text.safeParse(trimmed);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message });
  return z.NEVER;
}

const optionalText = (max: number) => {
  const text = shortText(max);
  return z
    .string()
    .nullish()
    .transform((value, context) => cleanText(value, context, text));
};

/** An optional field of a change: left out stays undefined (unchanged), null or blank clears it. */
const clearableText = (max: number) => {
  const text = shortText(max);
  return z
    .string()
    .nullish()
    .transform((value, context) => (value === undefined ? undefined : cleanText(value, context, text)));
};

/** A field every address has: absent leaves it as it was, null is refused. */
const keptText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === null ? 'cannot be removed' : 'must be text') })
    .pipe(shortText(max))
    .optional();

// Checked for what it is (E.164) by the country's rules, which read national numbers there.
const phoneText = z
  .string()
  .nullish()
  .transform((value) => value?.normalize('NFC').trim() || null);

const LIMITS = { label: 50, recipient: 100, line: 200, city: 100, postalCode: 20, region: 100 } as const;

export const newAddressInput = z.object({
  label: optionalText(LIMITS.label),
  recipient: shortText(LIMITS.recipient),
  line1: shortText(LIMITS.line),
  line2: optionalText(LIMITS.line),
  city: optionalText(LIMITS.city),
  postalCode: optionalText(LIMITS.postalCode),
  region: optionalText(LIMITS.region),
  country: countryCode,
  phone: phoneText,
}) satisfies z.ZodType<AddressFields, unknown>;

/** Only the fields sent change; null (or blank) clears an optional one. */
export const addressChangesInput = z.object({
  label: clearableText(LIMITS.label),
  recipient: keptText(LIMITS.recipient),
  line1: keptText(LIMITS.line),
  line2: clearableText(LIMITS.line),
  city: clearableText(LIMITS.city),
  postalCode: clearableText(LIMITS.postalCode),
  region: clearableText(LIMITS.region),
  country: countryCode.optional(),
  phone: z
    .string()
    .nullish()
    .transform((value) => (value === undefined ? undefined : value?.normalize('NFC').trim() || null)),
});
export type AddressChanges = z.output<typeof addressChangesInput>;

/** The address the changes describe: the stored one with each field sent replaced. */
export function applyChanges(current: AddressFields, changes: AddressChanges): AddressFields {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  return { ...current, ...defined };
}
