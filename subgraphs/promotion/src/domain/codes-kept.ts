import { isRejectedWhateverTheCart } from '../../../../shared/promotion-code-rejections.js';
import type { Evaluation } from './discount-rules.js';

/** A code a cart kept, as the promotion it names. */
export interface CodeKept {
  promotionId: string;
  code: string;
}

/** The entered codes a cart keeps after an evaluation: all but those refused whatever the cart. */
export function codesKept(evaluation: Evaluation, codes: readonly string[]): CodeKept[] {
  const entered = new Set(codes);
  return evaluation.considered.flatMap(({ promotion, reason }) =>
    promotion.code !== null && entered.has(promotion.code) && (reason === null || !isRejectedWhateverTheCart(reason))
      ? [{ promotionId: promotion.id, code: promotion.code }]
      : [],
  );
}
