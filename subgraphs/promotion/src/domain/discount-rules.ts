import { Decimal } from 'decimal.js';
import { type CurrencyCode, minorUnits } from '../../../../shared/currency.js';
import { type DecimalLike, MoneyDecimal, toDecimal } from '../../../../shared/money.js';

/**
 * What promotions give an order, decided without I/O.
 *
 * Amounts. A percentage discount is `subtotal × percent / 100`, rounded to the currency's minor
 * units half to even (banker's rounding: 0.125 → 0.12, 0.135 → 0.14), so rounding many orders
 * adds no systematic bias in either direction. A fixed amount is taken as is (rounded the same
 * way should it carry more decimals than the currency has). Either is then capped by the
 * promotion's own maximum (`maxDiscount`, when set) and by the subtotal rounded *down* to minor
 * units, so a discount never exceeds the subtotal even once formatted.
 *
 * Stacking. Codes the customer entered and automatic promotions (no code) are judged alike.
 * Of the non-stackable promotions that are eligible, only the one giving the biggest discount
 * applies (ties: a requested code before an automatic promotion, then the lower id); stackable
 * promotions all apply and add up, each computed on the whole subtotal. The total is then capped
 * at the subtotal: promotions are charged in the order they are listed (the non-stackable one
 * first, then stackable ones by decreasing discount), each taking at most what is left, and a
 * promotion left with nothing to give is not applied — no use is spent on a zero discount.
 *
 * Segments. A promotion limited to customer segments applies only to a customer who is in at
 * least one of them as the customer subgraph reads them at that moment; never to a guest.
 *
 * Rejections. A requested code that cannot be used is rejected with the first reason that holds:
 * UNKNOWN, NOT_STARTED, ENDED, NOT_IN_SEGMENT, CURRENCY_MISMATCH, MINIMUM_NOT_MET,
 * USAGE_LIMIT_REACHED, CUSTOMER_LIMIT_REACHED, then NOT_COMBINABLE (a better non-stackable promotion won, or the
 * subtotal was already fully discounted). A code whose discount on this subtotal rounds to zero
 * is MINIMUM_NOT_MET. Automatic promotions are never rejected: they apply or they do not.
 */

export type PromotionRejection =
  | 'UNKNOWN'
  | 'NOT_STARTED'
  | 'ENDED'
  | 'NOT_IN_SEGMENT'
  | 'MINIMUM_NOT_MET'
  | 'CURRENCY_MISMATCH'
  | 'USAGE_LIMIT_REACHED'
  | 'CUSTOMER_LIMIT_REACHED'
  | 'NOT_COMBINABLE';

/** A promotion as evaluation needs it (the Prisma row fits). */
export interface PromotionOffer {
  id: string;
  /** Upper case; null for automatic promotions. */
  code: string | null;
  name: string;
  kind: 'PERCENTAGE' | 'FIXED_AMOUNT';
  value: DecimalLike;
  /** The currency of the promotion's amounts; a promotion with one applies only in it. */
  currency: string | null;
  minimumSubtotal: DecimalLike | null;
  maxDiscount: DecimalLike | null;
  stackable: boolean;
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  timesUsed: number;
  /** Customer segments it is limited to; empty: everyone. */
  segments: readonly string[];
}

export interface Basket {
  currency: CurrencyCode;
  /** Non-negative. */
  subtotal: Decimal;
  at: Date;
}

export interface EvaluationRequest<TOffer extends PromotionOffer = PromotionOffer> {
  basket: Basket;
  /** The codes asked for: upper case, without duplicates. */
  codes: readonly string[];
  /** Promotions of those codes (whatever their dates) and automatic promotions. */
  offers: readonly TOffer[];
  /** Uses the customer holds per promotion id; null when the customer is not known. */
  customerUses: ReadonlyMap<string, number> | null;
  /**
   * The customer's segments, read when some offer is limited to segments; null for a guest, or
   * when no offer needed them (the default).
   */
  customerSegments?: ReadonlySet<string> | null;
}

export interface AppliedDiscount<TOffer extends PromotionOffer = PromotionOffer> {
  promotion: TOffer;
  /** In minor units of the basket's currency, > 0. */
  discount: Decimal;
}

export interface RejectedCode {
  code: string;
  reason: PromotionRejection;
}

/** One promotion evaluation looked at, and what came of it: applied, or why not. */
export interface ConsideredPromotion<TOffer extends PromotionOffer = PromotionOffer> {
  promotion: TOffer;
  /** What it took off, in minor units; 0 when it did not apply. */
  discount: Decimal;
  /** Null when it applied. */
  reason: PromotionRejection | null;
}

export interface Evaluation<TOffer extends PromotionOffer = PromotionOffer> {
  /** The sum of the applied discounts; never more than the subtotal. */
  discountTotal: Decimal;
  applied: AppliedDiscount<TOffer>[];
  rejected: RejectedCode[];
  /**
   * Every promotion judged — the requested codes that exist, in the order entered, then the
   * automatic promotions by id — applied or with why not, so a shopper and support can see why
   * a promotion they expected did not apply.
   */
  considered: ConsideredPromotion<TOffer>[];
}

/** The subtotal as the most any set of discounts may take: rounded down to minor units. */
export function discountCeiling(basket: Basket): Decimal {
  return basket.subtotal.toDecimalPlaces(minorUnits(basket.currency), Decimal.ROUND_DOWN);
}

/**
 * What one promotion alone takes off the basket, already capped by its maximum and the
 * subtotal (see the module comment for the rounding rule). Eligibility is not checked here.
 */
export function discountFor(offer: PromotionOffer, basket: Basket): Decimal {
  const digits = minorUnits(basket.currency);
  const raw =
    offer.kind === 'PERCENTAGE' ? basket.subtotal.times(toDecimal(offer.value)).dividedBy(100) : toDecimal(offer.value);
  let discount = raw.toDecimalPlaces(digits, Decimal.ROUND_HALF_EVEN);
  if (offer.maxDiscount !== null) {
    discount = MoneyDecimal.min(discount, toDecimal(offer.maxDiscount).toDecimalPlaces(digits, Decimal.ROUND_DOWN));
  }
  return MoneyDecimal.max(0, MoneyDecimal.min(discount, discountCeiling(basket)));
}

/** Whether the customer is in one of the offer's segments (always, for an offer limited to none). */
export function inSegments(
  offer: Pick<PromotionOffer, 'segments'>,
  customerSegments: ReadonlySet<string> | null,
): boolean {
  if (offer.segments.length === 0) return true;
  return customerSegments !== null && offer.segments.some((segment) => customerSegments.has(segment));
}

/** Whether judging these offers needs the customer's segments: only a segment-limited one does. */
export function needsSegments(offers: readonly Pick<PromotionOffer, 'segments'>[]): boolean {
  return offers.some((offer) => offer.segments.length > 0);
}

/** Why the promotion cannot apply to the basket now, or null if it can (before stacking). */
export function ineligibility(
  offer: PromotionOffer,
  basket: Basket,
  customerUses: ReadonlyMap<string, number> | null,
  customerSegments: ReadonlySet<string> | null = null,
): PromotionRejection | null {
  if (offer.startsAt > basket.at) return 'NOT_STARTED';
  if (offer.endsAt !== null && offer.endsAt <= basket.at) return 'ENDED';
  if (!inSegments(offer, customerSegments)) return 'NOT_IN_SEGMENT';
  if (offer.currency !== null && offer.currency !== basket.currency) return 'CURRENCY_MISMATCH';
  if (offer.minimumSubtotal !== null && basket.subtotal.lessThan(toDecimal(offer.minimumSubtotal))) {
    return 'MINIMUM_NOT_MET';
  }
  if (offer.usageLimit !== null && offer.timesUsed >= offer.usageLimit) return 'USAGE_LIMIT_REACHED';
  if (offer.perCustomerLimit !== null && customerUses !== null) {
    if ((customerUses.get(offer.id) ?? 0) >= offer.perCustomerLimit) return 'CUSTOMER_LIMIT_REACHED';
  }
  return null;
}

interface Candidate<TOffer extends PromotionOffer> {
  promotion: TOffer;
  discount: Decimal;
}

/** Bigger discount first; on a tie a requested code before an automatic promotion, then by id. */
function byPreference<TOffer extends PromotionOffer>(a: Candidate<TOffer>, b: Candidate<TOffer>): number {
  const byDiscount = b.discount.comparedTo(a.discount);
  if (byDiscount !== 0) return byDiscount;
  const coded = Number(b.promotion.code !== null) - Number(a.promotion.code !== null);
  if (coded !== 0) return coded;
  return a.promotion.id < b.promotion.id ? -1 : a.promotion.id > b.promotion.id ? 1 : 0;
}

/** Applies the stacking rules (module comment) to the requested codes and automatic promotions. */
export function evaluatePromotions<TOffer extends PromotionOffer>(
  request: EvaluationRequest<TOffer>,
): Evaluation<TOffer> {
  const { basket, customerUses } = request;
  const customerSegments = request.customerSegments ?? null;
  const rejected = new Map<string, PromotionRejection>();
  const byCode = new Map<string, TOffer>();
  for (const offer of request.offers) if (offer.code !== null) byCode.set(offer.code, offer);

  const considered: TOffer[] = [];
  for (const code of request.codes) {
    const offer = byCode.get(code);
    if (offer === undefined) rejected.set(code, 'UNKNOWN');
    else considered.push(offer);
  }
  considered.push(...request.offers.filter((offer) => offer.code === null));

  // Why each promotion judged did not apply, by id; absent: it applied.
  const outcome = new Map<string, PromotionRejection>();
  const refuse = (promotion: TOffer, reason: PromotionRejection) => {
    outcome.set(promotion.id, reason);
    if (promotion.code !== null) rejected.set(promotion.code, reason);
  };
  const candidates: Candidate<TOffer>[] = [];
  for (const promotion of considered) {
    const reason = ineligibility(promotion, basket, customerUses, customerSegments);
    const discount = reason === null ? discountFor(promotion, basket) : new MoneyDecimal(0);
    if (reason === null && discount.greaterThan(0)) candidates.push({ promotion, discount });
    else refuse(promotion, reason ?? 'MINIMUM_NOT_MET');
  }

  const [best, ...outdone] = candidates.filter((c) => !c.promotion.stackable).sort(byPreference);
  for (const loser of outdone) refuse(loser.promotion, 'NOT_COMBINABLE');
  const ordered = [...(best ? [best] : []), ...candidates.filter((c) => c.promotion.stackable).sort(byPreference)];

  let left = discountCeiling(basket);
  const applied: AppliedDiscount<TOffer>[] = [];
  for (const { promotion, discount } of ordered) {
    const taken = MoneyDecimal.min(discount, left);
    if (taken.greaterThan(0)) {
      applied.push({ promotion, discount: taken });
      left = left.minus(taken);
    } else {
      refuse(promotion, 'NOT_COMBINABLE');
    }
  }

  return {
    discountTotal: applied.reduce((sum, a) => sum.plus(a.discount), new MoneyDecimal(0)),
    applied,
    rejected: request.codes.flatMap((code) => {
      const reason = rejected.get(code);
      return reason === undefined ? [] : [{ code, reason }];
    }),
    considered: [
      ...considered.filter((promotion) => promotion.code !== null),
      ...considered.filter((promotion) => promotion.code === null).sort((a, b) => (a.id < b.id ? -1 : 1)),
    ].map((promotion) => ({
      promotion,
      discount: applied.find((a) => a.promotion.id === promotion.id)?.discount ?? new MoneyDecimal(0),
      reason: outcome.get(promotion.id) ?? null,
    })),
  };
}
