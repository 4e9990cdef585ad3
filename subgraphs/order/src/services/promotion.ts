import type { CurrencyCode } from '../../../../shared/currency.js';
import type { ServiceClient } from '../../../../shared/service-client.js';
import { lineTotal } from '../domain/order-totals.js';

export interface AppliedPromotion {
  promotionId: string;
  code: string | null;
  name: string;
  discount: string;
}

export interface ConsideredPromotion {
  promotionId: string;
  code: string | null;
  name: string;
  applied: boolean;
  discount: string;
  reason: string | null;
}

export interface PromotionEvaluation {
  discountTotal: string;
  applied: AppliedPromotion[];
  rejected: { code: string; reason: string }[];
  /** Every promotion judged, applied or with why not. */
  considered: ConsideredPromotion[];
}

const EVALUATION_FIELDS =
  'discountTotal applied { promotionId code name discount } rejected { code reason } considered { promotionId code name applied discount reason }';

const EVALUATE = `query($input: EvaluatePromotionsInput!) { evaluatePromotions(input: $input) { ${EVALUATION_FIELDS} } }`;
const RESERVE = `mutation($input: ReservePromotionUsesInput!) { reservePromotionUses(input: $input) { ${EVALUATION_FIELDS} } }`;
const APPLY_TO_CART = `mutation($cartId: ID!, $input: EvaluatePromotionsInput!) { applyPromotionCodeToCart(cartId: $cartId, input: $input) { ${EVALUATION_FIELDS} } }`;
const RELEASE =
  'mutation($orderId: ID!, $reason: String!) { releasePromotionUses(orderId: $orderId, reason: $reason) }';

/** A cart or order line as promotion judges it (targets, rules on products and categories). */
export interface PromotionLine {
  productId: string;
  categoryId: string | null;
  quantity: number;
  /** Decimal string at the currency's minor units. */
  lineTotal: string;
}

export interface PromotionRequest {
  customerId: string | null;
  /** The orderer's e-mail, lower-cased: per-customer limits count its uses too (a guest has only this). */
  email?: string | null;
  currency: string;
  subtotal: string;
  codes: readonly string[];
  /** Omitted: only whole-order promotions can apply (e.g. checking a code before the cart is priced). */
  lines?: readonly PromotionLine[];
  /** Where the cart is bought (the cart's channel). */
  channel?: string;
}

/** Priced lines with their categories, as promotion takes them; unpriced lines are not judged. */
export function promotionLines(
  priced: readonly { productId: string; unitPrice: string; quantity: number }[],
  categoryOf: ReadonlyMap<string, string>,
  currency: CurrencyCode,
): PromotionLine[] {
  return priced.map((line) => ({
    productId: line.productId,
    categoryId: categoryOf.get(line.productId) ?? null,
    quantity: line.quantity,
    lineTotal: lineTotal(line, currency).toFixed(),
  }));
}

/** What the codes and automatic promotions would give now; reserves nothing. */
export async function evaluatePromotions(
  promotion: ServiceClient,
  input: PromotionRequest,
  requestId?: string,
): Promise<PromotionEvaluation> {
  const data = await promotion<{ evaluatePromotions: PromotionEvaluation }>({
    query: EVALUATE,
    variables: { input },
    requestId,
  });
  return data.evaluatePromotions;
}

/**
 * What a code entered in a cart would give, as evaluatePromotions; promotion also records that
 * the cart applied each code it keeps (its analytics count carts that applied a code).
 */
export async function applyPromotionCodeToCart(
  promotion: ServiceClient,
  cartId: string,
  input: PromotionRequest,
  requestId?: string,
): Promise<PromotionEvaluation> {
  const data = await promotion<{ applyPromotionCodeToCart: PromotionEvaluation }>({
    query: APPLY_TO_CART,
    variables: { cartId, input },
    requestId,
  });
  return data.applyPromotionCodeToCart;
}

/** Reserves one use of each applicable promotion for the order (PROMOTION_UNAVAILABLE when a code cannot be used). */
export async function reservePromotionUses(
  promotion: ServiceClient,
  input: PromotionRequest & { orderId: string; email: string; cartId: string | null },
  requestId?: string,
): Promise<PromotionEvaluation> {
  const data = await promotion<{ reservePromotionUses: PromotionEvaluation }>({
    query: RESERVE,
    variables: { input },
    requestId,
  });
  return data.reservePromotionUses;
}

export async function releasePromotionUses(
  promotion: ServiceClient,
  orderId: string,
  reason: string,
  requestId?: string,
): Promise<void> {
  await promotion({ query: RELEASE, variables: { orderId, reason }, requestId });
}

const RENEW =
  'mutation($orderId: ID!, $renewedAtVersion: Int!) { renewPromotionUses(orderId: $orderId, renewedAtVersion: $renewedAtVersion) }';

/** Holds a released order's promotion uses again: PROMOTION_UNAVAILABLE when a limit was reached. Idempotent. */
export async function renewPromotionUses(
  promotion: ServiceClient,
  input: { orderId: string; renewedAtVersion: number },
  requestId?: string,
): Promise<void> {
  await promotion({ query: RENEW, variables: input, requestId });
}
