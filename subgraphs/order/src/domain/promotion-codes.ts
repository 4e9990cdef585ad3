import { isRejectedWhateverTheCart } from '../../../../shared/promotion-code-rejections.js';

/** Most promotion codes one cart may carry (the cart table's CHECK agrees). */
export const MAX_PROMOTION_CODES = 5;

/** A code the shop cannot honour whatever the cart: refused when applied, not carried over by a merge. */
export const isUnusable = isRejectedWhateverTheCart;

/** What merging a guest cart's codes into a customer's cart gives: the codes it keeps, and the others with why. */
export interface MergedCodes {
  codes: string[];
  notKept: { code: string; reason: string }[];
}

/**
 * The codes a customer's cart carries once a guest cart's have moved in. The customer's own
 * codes stay first and count towards the limit; each guest code not already there is kept, in
 * the guest cart's order, unless promotion found it unusable (`rejections`: code → reason; a
 * code it was not asked about counts as usable, since applyPromotionCode checked it) or the cart
 * is full (CODE_LIMIT_REACHED). Nothing is dropped without a reason the shopper is shown.
 */
export function mergedPromotionCodes(
  existing: readonly string[],
  incoming: readonly string[],
  rejections: ReadonlyMap<string, string>,
  limit: number = MAX_PROMOTION_CODES,
): MergedCodes {
  const codes = [...existing];
  const notKept: MergedCodes['notKept'] = [];
  for (const code of new Set(incoming)) {
    if (codes.includes(code)) continue;
    const rejection = rejections.get(code);
    if (rejection !== undefined && isUnusable(rejection)) notKept.push({ code, reason: rejection });
    else if (codes.length >= limit) notKept.push({ code, reason: 'CODE_LIMIT_REACHED' });
    else codes.push(code);
  }
  return { codes, notKept };
}
