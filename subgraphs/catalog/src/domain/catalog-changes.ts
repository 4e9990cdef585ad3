import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../shared/errors.js';
import { freeText, shortText, ulid, z } from '../../../../shared/validation.js';
import type { ProductStatus } from '../generated/prisma/enums.js';
import { normalizeSku } from './product-visibility.js';

export const SKU_MAX_LENGTH = 64;
export const NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;
export const SLUG_MAX_LENGTH = 80;

/** Letters, digits and single dashes or dots between them: what labels, barcodes and URLs all accept. */
const sku = z
  .string()
  .transform(normalizeSku)
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(SKU_MAX_LENGTH, `must be at most ${SKU_MAX_LENGTH} characters`)
      .regex(/^[A-Z0-9]+(?:[-.][A-Z0-9]+)*$/, 'must be letters and digits, optionally separated by - or .'),
  );

/** Lower-case words joined by dashes: it is part of the shop's URLs. */
const slug = z
  .string()
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(SLUG_MAX_LENGTH, `must be at most ${SLUG_MAX_LENGTH} characters`)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits separated by single dashes'),
  );

const name = shortText(NAME_MAX_LENGTH);
// A description may be empty: a product is often created before its copy is written.
const description = z.union([z.literal('').transform(() => ''), freeText(DESCRIPTION_MAX_LENGTH)]);
const status = z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']);

export const createCategoryInput = z.object({
  slug,
  name,
  description: description.nullish().transform((value) => value ?? ''),
});
export type NewCategory = z.output<typeof createCategoryInput>;

export const updateCategoryInput = z.object({
  slug: slug.nullish().transform((value) => value ?? undefined),
  name: name.nullish().transform((value) => value ?? undefined),
  description: description.nullish().transform((value) => value ?? undefined),
});
export type CategoryChanges = z.output<typeof updateCategoryInput>;

export const createProductInput = z.object({
  sku,
  name,
  description: description.nullish().transform((value) => value ?? ''),
  categoryId: ulid,
  // A new product is prepared before it is sold: DRAFT unless said otherwise.
  status: status.nullish().transform((value) => value ?? 'DRAFT'),
});
export type NewProduct = z.output<typeof createProductInput>;

export const updateProductInput = z.object({
  sku: sku.nullish().transform((value) => value ?? undefined),
  name: name.nullish().transform((value) => value ?? undefined),
  description: description.nullish().transform((value) => value ?? undefined),
  categoryId: ulid.nullish().transform((value) => value ?? undefined),
  status: status.nullish().transform((value) => value ?? undefined),
});
export type ProductChanges = z.output<typeof updateProductInput>;

/**
 * A product moves forward only: DRAFT → ACTIVE → ARCHIVED, and a draft may be archived without
 * ever being sold. Once sold, going back to DRAFT would hide it from carts and orders that hold
 * it as if it had never existed; an archived product stays archived (past orders reference it),
 * and selling it again is a new product.
 */
const NEXT_STATUSES: Record<ProductStatus, readonly ProductStatus[]> = {
  DRAFT: ['ACTIVE', 'ARCHIVED'],
  ACTIVE: ['ARCHIVED'],
  ARCHIVED: [],
};

export function canMoveStatus(from: ProductStatus, to: ProductStatus): boolean {
  return from === to || NEXT_STATUSES[from].includes(to);
}

export function invalidStatusChange(from: ProductStatus, to: ProductStatus): GraphQLError {
  return new GraphQLError(`A ${from} product cannot become ${to}: products go DRAFT → ACTIVE → ARCHIVED`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'input.status', from, to },
  });
}

export const SEARCH_MAX_LENGTH = 200;

/** What a shopper typed into the search box: one line, not empty. */
export const searchText = shortText(SEARCH_MAX_LENGTH);
