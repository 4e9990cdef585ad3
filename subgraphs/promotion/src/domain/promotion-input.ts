import type { Decimal } from 'decimal.js';
import { minorUnits } from '../../../../shared/currency.js';
import { currencyCode, decimalAmount, email, shortText, ulid, z } from '../../../../shared/validation.js';
import { eligibilityRule } from './eligibility-rules.js';
import { CUSTOMER_SEGMENTS, SALES_CHANNELS } from './vocabulary.js';

export type { SalesChannel } from './vocabulary.js';
export { CUSTOMER_SEGMENTS, SALES_CHANNELS };

/**
 * The input rules of the promotion subgraph: promotion codes, amounts, and the bounds a
 * promotion's terms must stay within to be created at all. A failure is BAD_USER_INPUT naming
 * the field (shared/validation.ts parseInput), raised before anything is read or written.
 */

/** Codes are compared upper case: "welcome10" and "WELCOME10" are one code. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;
/** More codes than this in one order is abuse or a bug, not a shopper. */
export const MAX_CODES_PER_ORDER = 10;

export const promotionCode = z
  .string()
  .transform((value) => value.normalize('NFC').trim().toUpperCase())
  .refine(
    (value) => CODE_PATTERN.test(value),
    'must be 3 to 32 letters, digits, "_" or "-", starting with a letter or digit',
  );

/** Codes upper case, each once, in the order first given. */
export const promotionCodes = z
  .array(promotionCode)
  .max(MAX_CODES_PER_ORDER, `must hold at most ${MAX_CODES_PER_ORDER} codes`)
  .transform((codes) => [...new Set(codes)]);

/** A non-negative exact amount that fits Decimal(19,4) (shared/validation.ts). */
export const amount = decimalAmount;

/** Ids of other subgraphs' entities (orders, customers): opaque, but short and plain. */
export const entityId = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits, "_", ".", ":" or "-"');

/** The orderer's e-mail (lower-cased by the shared rule): per-customer limits count it too. */
const ordererEmail = email.nullish().transform((value) => value ?? null);

/** Where a cart is bought (the GraphQL SalesChannel); WEB when the caller does not say. */
const salesChannel = z
  .enum(SALES_CHANNELS)
  .nullish()
  .transform((value) => value ?? 'WEB');

/** More lines than this in one cart is not a shopper (the order subgraph's cart limit is lower). */
export const MAX_LINES = 500;

/** A cart's or order's lines as promotions judge them; null: the caller did not send them. */
const basketLines = z
  .array(
    z.object({
      productId: entityId,
      categoryId: entityId.nullish().transform((value) => value ?? null),
      quantity: z.number().int().positive().max(1_000_000),
      lineTotal: amount,
    }),
  )
  .max(MAX_LINES)
  .nullish()
  .transform((value) => value ?? null);

export const evaluatePromotionsInput = z.object({
  customerId: entityId.nullish().transform((value) => value ?? null),
  email: ordererEmail,
  currency: currencyCode,
  subtotal: amount,
  codes: promotionCodes,
  lines: basketLines,
  channel: salesChannel,
});
export type EvaluatePromotionsInput = z.output<typeof evaluatePromotionsInput>;

export const reservePromotionUsesInput = z
  .object({
    orderId: entityId,
    // The cart the order is placed from, for promotion analytics (carts that converted).
    cartId: entityId.nullish().transform((value) => value ?? null),
    // Null for a guest: the e-mail alone then names the orderer.
    customerId: entityId.nullish().transform((value) => value ?? null),
    email: ordererEmail,
    currency: currencyCode,
    subtotal: amount,
    codes: promotionCodes,
    lines: basketLines,
    channel: salesChannel,
  })
  .refine((input) => input.customerId !== null || input.email !== null, {
    message: 'needs a customerId or an email',
    path: ['customerId'],
  });
export type ReservePromotionUsesInput = z.output<typeof reservePromotionUsesInput>;

export const releaseReason = shortText(200);

/** Priorities stay in a small range, so admins reason about them rather than outbid each other. */
export const PRIORITY_RANGE = { min: -1000, max: 1000 } as const;
/** More targets than this belongs in a category. */
export const MAX_TARGETS = 200;

const exclusivityGroup = z
  .string()
  .transform((value) => value.trim().toUpperCase())
  .refine((value) => /^[A-Z0-9][A-Z0-9_-]{0,31}$/.test(value), 'must be 1 to 32 letters, digits, "_" or "-"');

/** Product or category ids (ULIDs, as the catalog issues them), each once, in the order given. */
const targetIds = z
  .array(ulid)
  .max(MAX_TARGETS, `must hold at most ${MAX_TARGETS} ids`)
  .default([])
  .transform((ids) => [...new Set(ids)]);

/** The largest percentage a promotion may take off: everything, never more. */
export const MAX_PERCENT_OFF = 100;

/**
 * The terms of a new promotion, within bounds: a percentage in (0, 100]; a fixed amount positive,
 * in a currency, with no more decimals than the currency has, and at most its `maxDiscount` when
 * one is set; usage limits positive integers; the end after the start. The table's CHECK
 * constraints repeat the essentials, so no other writer can store what this refuses.
 */
export const promotionTerms = z
  .object({
    code: promotionCode.nullable(),
    name: shortText(120),
    description: z.string().max(1000).default(''),
    kind: z.enum(['PERCENTAGE', 'FIXED_AMOUNT']),
    value: amount,
    currency: currencyCode.nullable(),
    minimumSubtotal: amount.nullable().default(null),
    maxDiscount: amount.nullable().default(null),
    discountBudget: amount.nullable().default(null),
    stackable: z.boolean().default(false),
    advertised: z.boolean().default(true),
    startsAt: z.date(),
    endsAt: z.date().nullable().default(null),
    usageLimit: z.number().int().positive().nullable().default(null),
    perCustomerLimit: z.number().int().positive().nullable().default(null),
    // Empty: everyone. Each segment once, in the order given.
    segments: z
      .array(z.enum(CUSTOMER_SEGMENTS))
      .max(CUSTOMER_SEGMENTS.length)
      .default([])
      .transform((segments) => [...new Set(segments)]),
    priority: z.number().int().min(PRIORITY_RANGE.min).max(PRIORITY_RANGE.max).default(0),
    exclusivityGroup: exclusivityGroup.nullable().default(null),
    // Both empty: the whole order.
    targetProductIds: targetIds,
    targetCategoryIds: targetIds,
    rule: eligibilityRule.nullable().default(null),
  })
  .superRefine((terms, context) => {
    const problem = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    const inCurrency = (path: string, value: Decimal | null) => {
      if (value === null) return;
      if (terms.currency === null) problem('currency', `is required with ${path}`);
      else if (value.decimalPlaces() > minorUnits(terms.currency)) {
        problem(path, `must have at most ${minorUnits(terms.currency)} decimals in ${terms.currency}`);
      }
    };
    if (terms.kind === 'PERCENTAGE') {
      if (terms.value.lte(0) || terms.value.gt(MAX_PERCENT_OFF)) problem('value', 'must be a percentage in (0, 100]');
    } else {
      if (terms.value.lte(0)) problem('value', 'must be a positive amount');
      inCurrency('value', terms.value);
      if (terms.maxDiscount !== null && terms.value.gt(terms.maxDiscount)) {
        problem('value', 'must be at most maxDiscount');
      }
    }
    if (terms.maxDiscount?.lte(0)) problem('maxDiscount', 'must be positive');
    inCurrency('maxDiscount', terms.maxDiscount);
    if (terms.discountBudget?.lte(0)) problem('discountBudget', 'must be positive');
    inCurrency('discountBudget', terms.discountBudget);
    inCurrency('minimumSubtotal', terms.minimumSubtotal);
    if (terms.endsAt !== null && terms.endsAt <= terms.startsAt) problem('endsAt', 'must be after startsAt');
  });
export type PromotionTerms = z.output<typeof promotionTerms>;
