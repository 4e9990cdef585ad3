import { Decimal } from 'decimal.js';
import { type CurrencyCode, minorUnits } from '../../../../shared/currency.js';
import { type DecimalLike, MoneyDecimal, toDecimal } from '../../../../shared/money.js';

/**
 * What promotions give an order, decided without I/O.
 *
 * Targets. A promotion with no target products and no target categories applies to the whole
 * order. Otherwise it discounts only the basket lines whose product id is among its target
 * products, or whose category id is among its target categories; its *targeted total* is the sum
 * of those lines' totals. A targeted promotion needs the basket's lines: when they are not known
 * (or none is targeted) it is NOT_APPLICABLE. The minimum subtotal always compares the whole
 * subtotal, targeted or not.
 *
 * Amounts. A percentage discount is `targeted total × percent / 100` (the whole subtotal for a
 * whole-order promotion), rounded to the currency's minor units half to even (banker's rounding:
 * 0.125 → 0.12, 0.135 → 0.14), so rounding many orders adds no systematic bias in either
 * direction. A fixed amount is taken as is (rounded the same way should it carry more decimals
 * than the currency has). Either is then capped by the promotion's own maximum (`maxDiscount`,
 * when set) and by the targeted total rounded *down* to minor units (and by the subtotal rounded
 * down), so a discount never exceeds what it applies to, even once formatted.
 *
 * Stacking. Codes the customer entered and automatic promotions (no code) are judged alike, and
 * a non-stackable promotion applies alone: it never combines with anything, stackable or not.
 * Among the eligible promotions:
 * - Exclusivity groups first: of the stackable promotions sharing a group only one is kept — the
 *   higher priority, then the bigger discount, then a requested code before an automatic
 *   promotion, then the lower id. The others are NOT_COMBINABLE.
 * - The options are each eligible non-stackable promotion alone, and the combination of all the
 *   stackable promotions kept. The combination is charged in order of priority (higher first),
 *   then discount (bigger first), then code before automatic, then id; each takes at most what
 *   is left of the overall ceiling (the subtotal rounded down) and of its own targeted lines, and
 *   one left with nothing to give is not applied — no use is spent on a zero discount.
 * - The option that takes the most off wins. On a tie: the option whose best priority is higher;
 *   then the stackable combination before a single promotion; then, between single promotions, a
 *   requested code before an automatic promotion, then the lower id. Every eligible promotion
 *   outside the winning option is NOT_COMBINABLE.
 * Every tie is broken by the promotions themselves, never by the order in which codes were
 * entered or offers listed, so the same basket and promotions always give the same result; and
 * adding a non-stackable promotion only adds an option, so it never gives another promotion more.
 *
 * Lines. No basket line is ever discounted more than its total, all promotions together. What
 * a promotion takes is spread greedily over its targeted lines in product id order (then in the
 * basket's order), each line absorbing at most what the promotions charged before left of it.
 * The spread is reported on each applied discount (`lines`); when the basket's lines are not
 * known, the whole subtotal acts as a single line and `lines` is empty.
 *
 * Segments. A promotion limited to customer segments applies only to a customer who is in at
 * least one of them as the customer subgraph reads them at that moment; never to a guest.
 *
 * Rejections. A promotion that cannot be used is given the first reason that holds: UNKNOWN (no
 * promotion has the code), NOT_STARTED, ENDED, PAUSED (by staff), NOT_IN_SEGMENT,
 * CURRENCY_MISMATCH, NOT_APPLICABLE, MINIMUM_NOT_MET, RULE_NOT_MET (its eligibility rules,
 * evaluated elsewhere, were not met), USAGE_LIMIT_REACHED, CUSTOMER_LIMIT_REACHED, then
 * NOT_COMBINABLE (see Stacking). A promotion whose discount on this basket rounds to zero is
 * MINIMUM_NOT_MET. Requested codes are answered in `rejected`; every promotion judged — automatic
 * ones included, paused ones too — is explained in `considered`.
 */

export type PromotionRejection =
  | 'UNKNOWN'
  | 'NOT_STARTED'
  | 'ENDED'
  | 'PAUSED'
  | 'NOT_IN_SEGMENT'
  | 'CURRENCY_MISMATCH'
  /** None of the basket's lines is among the promotion's targets (or the lines are unknown). */
  | 'NOT_APPLICABLE'
  | 'MINIMUM_NOT_MET'
  | 'RULE_NOT_MET'
  | 'USAGE_LIMIT_REACHED'
  | 'CUSTOMER_LIMIT_REACHED'
  | 'NOT_COMBINABLE';

/** A promotion as evaluation needs it. */
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
  /** Paused by staff: a paused code is rejected PAUSED; paused automatic promotions are judged like codes (PAUSED). */
  pausedAt: Date | null;
  /** Higher wins first among competing promotions (see module comment). Integer, default 0. */
  priority: number;
  /** Of the stackable promotions sharing a group, only one applies. Null: no group. */
  exclusivityGroup: string | null;
  /** Empty both: the whole order. Otherwise only lines whose product id is listed, or whose category id is listed, are discounted. */
  targetProductIds: readonly string[];
  targetCategoryIds: readonly string[];
}

export interface BasketLine {
  productId: string;
  categoryId: string | null;
  quantity: number;
  /** Already rounded to minor units, >= 0. */
  lineTotal: Decimal;
}

export interface Basket {
  currency: CurrencyCode;
  /** Non-negative. */
  subtotal: Decimal;
  at: Date;
  /** The lines, when known; null/undefined: only whole-order promotions can apply (targeted ones are NOT_APPLICABLE). */
  lines?: readonly BasketLine[] | null;
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
  /** Ids of promotions whose eligibility rules (evaluated elsewhere) were not met: RULE_NOT_MET. */
  ruleFailures?: ReadonlySet<string>;
}

/** What one applied promotion took off one basket line. */
export interface LineDiscount {
  productId: string;
  /** The line's position in `basket.lines` (product ids may repeat across lines). */
  index: number;
  /** In minor units, > 0. */
  discount: Decimal;
}

export interface AppliedDiscount<TOffer extends PromotionOffer = PromotionOffer> {
  promotion: TOffer;
  /** In minor units of the basket's currency, > 0. */
  discount: Decimal;
  /**
   * How `discount` is spread over the basket lines, in the order charged; the amounts add up to
   * `discount`. Empty when the basket's lines are not known.
   */
  lines: LineDiscount[];
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
  /** The winning option, in the order charged (see the module comment). */
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

/** Whether the promotion is limited to some products or categories (else: the whole order). */
export function isTargeted(offer: Pick<PromotionOffer, 'targetProductIds' | 'targetCategoryIds'>): boolean {
  return offer.targetProductIds.length > 0 || offer.targetCategoryIds.length > 0;
}

function targets(offer: Pick<PromotionOffer, 'targetProductIds' | 'targetCategoryIds'>, line: BasketLine): boolean {
  return (
    offer.targetProductIds.includes(line.productId) ||
    (line.categoryId !== null && offer.targetCategoryIds.includes(line.categoryId))
  );
}

/** Positions in `basket.lines` of the lines the promotion discounts (all of them for a whole-order one). */
function targetedLines(offer: PromotionOffer, lines: readonly BasketLine[]): number[] {
  const whole = !isTargeted(offer);
  return lines.flatMap((line, index) => (whole || targets(offer, line) ? [index] : []));
}

/**
 * What the promotion's discount is computed on: the sum of the totals of the lines it targets,
 * or the whole subtotal for a whole-order promotion (zero for a targeted one on unknown lines).
 */
export function targetedTotal(offer: PromotionOffer, basket: Basket): Decimal {
  if (!isTargeted(offer)) return basket.subtotal;
  const lines = basket.lines ?? [];
  return targetedLines(offer, lines).reduce(
    (sum, i) => sum.plus((lines[i] as BasketLine).lineTotal),
    new MoneyDecimal(0),
  );
}

/**
 * What one promotion alone takes off the basket, already capped by its maximum, its targeted
 * total and the subtotal (see the module comment for the rounding rule). Eligibility is not
 * checked here.
 */
export function discountFor(offer: PromotionOffer, basket: Basket): Decimal {
  const digits = minorUnits(basket.currency);
  const base = targetedTotal(offer, basket);
  const raw = offer.kind === 'PERCENTAGE' ? base.times(toDecimal(offer.value)).dividedBy(100) : toDecimal(offer.value);
  let discount = raw.toDecimalPlaces(digits, Decimal.ROUND_HALF_EVEN);
  if (offer.maxDiscount !== null) {
    discount = MoneyDecimal.min(discount, toDecimal(offer.maxDiscount).toDecimalPlaces(digits, Decimal.ROUND_DOWN));
  }
  const cap = MoneyDecimal.min(base.toDecimalPlaces(digits, Decimal.ROUND_DOWN), discountCeiling(basket));
  return MoneyDecimal.max(0, MoneyDecimal.min(discount, cap));
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
  ruleFailures: ReadonlySet<string> | null = null,
): PromotionRejection | null {
  if (offer.startsAt > basket.at) return 'NOT_STARTED';
  if (offer.endsAt !== null && offer.endsAt <= basket.at) return 'ENDED';
  if (offer.pausedAt !== null) return 'PAUSED';
  if (!inSegments(offer, customerSegments)) return 'NOT_IN_SEGMENT';
  if (offer.currency !== null && offer.currency !== basket.currency) return 'CURRENCY_MISMATCH';
  if (isTargeted(offer) && targetedLines(offer, basket.lines ?? []).length === 0) return 'NOT_APPLICABLE';
  if (offer.minimumSubtotal !== null && basket.subtotal.lessThan(toDecimal(offer.minimumSubtotal))) {
    return 'MINIMUM_NOT_MET';
  }
  if (ruleFailures?.has(offer.id)) return 'RULE_NOT_MET';
  if (offer.usageLimit !== null && offer.timesUsed >= offer.usageLimit) return 'USAGE_LIMIT_REACHED';
  if (offer.perCustomerLimit !== null && customerUses !== null) {
    if ((customerUses.get(offer.id) ?? 0) >= offer.perCustomerLimit) return 'CUSTOMER_LIMIT_REACHED';
  }
  return null;
}

interface Candidate<TOffer extends PromotionOffer> {
  promotion: TOffer;
  /** What it gives alone. */
  discount: Decimal;
}

function byId(a: PromotionOffer, b: PromotionOffer): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A requested code before an automatic promotion, then the lower id: the last, total tie-breaks. */
function codeThenId(a: PromotionOffer, b: PromotionOffer): number {
  const coded = Number(b.code !== null) - Number(a.code !== null);
  return coded !== 0 ? coded : byId(a, b);
}

/** Higher priority first, then bigger discount, then code before automatic, then id. */
function byPreference<TOffer extends PromotionOffer>(a: Candidate<TOffer>, b: Candidate<TOffer>): number {
  if (a.promotion.priority !== b.promotion.priority) return b.promotion.priority - a.promotion.priority;
  const byDiscount = b.discount.comparedTo(a.discount);
  return byDiscount !== 0 ? byDiscount : codeThenId(a.promotion, b.promotion);
}

/**
 * What is left to discount of each line. When the basket's lines are unknown, a single
 * pseudo-line stands for the whole subtotal (only whole-order promotions are eligible then).
 */
interface Remaining {
  known: boolean;
  lines: { productId: string; index: number; left: Decimal }[];
}

function remainingOf(basket: Basket): Remaining {
  const digits = minorUnits(basket.currency);
  if (basket.lines === null || basket.lines === undefined) {
    return { known: false, lines: [{ productId: '', index: -1, left: discountCeiling(basket) }] };
  }
  // Product id order, then the basket's order: the spread does not depend on how lines were listed
  // as long as product ids differ. Rounded down in case a line total carries sub-minor digits.
  const lines = basket.lines
    .map((line, index) => ({
      productId: line.productId,
      index,
      left: MoneyDecimal.max(0, line.lineTotal.toDecimalPlaces(digits, Decimal.ROUND_DOWN)),
    }))
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.index - b.index));
  return { known: true, lines };
}

/**
 * Charges the promotions in the order given: each takes at most its discount, what is left of
 * the overall ceiling and what is left of its targeted lines, spread greedily over those lines.
 * A promotion left with nothing is not applied.
 */
function charge<TOffer extends PromotionOffer>(
  ordered: readonly Candidate<TOffer>[],
  basket: Basket,
): AppliedDiscount<TOffer>[] {
  const remaining = remainingOf(basket);
  const allLines = basket.lines ?? [];
  let ceilingLeft = discountCeiling(basket);
  const applied: AppliedDiscount<TOffer>[] = [];
  for (const { promotion, discount } of ordered) {
    const mine = remaining.known
      ? new Set(targetedLines(promotion, allLines))
      : new Set(isTargeted(promotion) ? [] : [-1]);
    const slots = remaining.lines.filter((slot) => mine.has(slot.index));
    const linesLeft = slots.reduce((sum, slot) => sum.plus(slot.left), new MoneyDecimal(0));
    const taken = MoneyDecimal.min(discount, ceilingLeft, linesLeft);
    if (!taken.greaterThan(0)) continue;
    ceilingLeft = ceilingLeft.minus(taken);
    let toSpread = taken;
    const lines: LineDiscount[] = [];
    for (const slot of slots) {
      if (!toSpread.greaterThan(0)) break;
      const part = MoneyDecimal.min(toSpread, slot.left);
      if (!part.greaterThan(0)) continue;
      slot.left = slot.left.minus(part);
      toSpread = toSpread.minus(part);
      if (remaining.known) lines.push({ productId: slot.productId, index: slot.index, discount: part });
    }
    applied.push({ promotion, discount: taken, lines });
  }
  return applied;
}

interface Option<TOffer extends PromotionOffer> {
  applied: AppliedDiscount<TOffer>[];
  total: Decimal;
  /** The stackable combination, or a single non-stackable promotion. */
  combination: boolean;
}

function optionOf<TOffer extends PromotionOffer>(
  applied: AppliedDiscount<TOffer>[],
  combination: boolean,
): Option<TOffer> {
  return { applied, combination, total: applied.reduce((sum, a) => sum.plus(a.discount), new MoneyDecimal(0)) };
}

function bestPriority(option: Option<PromotionOffer>): number {
  return Math.max(...option.applied.map((a) => a.promotion.priority));
}

/** The better option first: see Stacking in the module comment. */
function byOptionPreference(a: Option<PromotionOffer>, b: Option<PromotionOffer>): number {
  const byTotal = b.total.comparedTo(a.total);
  if (byTotal !== 0) return byTotal;
  const byPriority = bestPriority(b) - bestPriority(a);
  if (byPriority !== 0) return byPriority;
  if (a.combination !== b.combination) return a.combination ? -1 : 1;
  // Two singles (there is one combination at most), each with exactly one promotion.
  return codeThenId((a.applied[0] as AppliedDiscount).promotion, (b.applied[0] as AppliedDiscount).promotion);
}

/** Applies the stacking rules (module comment) to the requested codes and automatic promotions. */
export function evaluatePromotions<TOffer extends PromotionOffer>(
  request: EvaluationRequest<TOffer>,
): Evaluation<TOffer> {
  const { basket, customerUses } = request;
  const customerSegments = request.customerSegments ?? null;
  const ruleFailures = request.ruleFailures ?? null;
  const rejected = new Map<string, PromotionRejection>();
  const byCode = new Map<string, TOffer>();
  for (const offer of request.offers) if (offer.code !== null) byCode.set(offer.code, offer);

  // Codes as entered, then automatic promotions by id: the order `considered` reports them in.
  const considered: TOffer[] = [];
  for (const code of request.codes) {
    const offer = byCode.get(code);
    if (offer === undefined) rejected.set(code, 'UNKNOWN');
    else considered.push(offer);
  }
  considered.push(...request.offers.filter((offer) => offer.code === null).sort(byId));

  // Why each promotion judged did not apply, by id; absent: it applied.
  const outcome = new Map<string, PromotionRejection>();
  const refuse = (promotion: TOffer, reason: PromotionRejection) => {
    outcome.set(promotion.id, reason);
    if (promotion.code !== null) rejected.set(promotion.code, reason);
  };
  const candidates: Candidate<TOffer>[] = [];
  for (const promotion of considered) {
    const reason = ineligibility(promotion, basket, customerUses, customerSegments, ruleFailures);
    const discount = reason === null ? discountFor(promotion, basket) : new MoneyDecimal(0);
    if (reason === null && discount.greaterThan(0)) candidates.push({ promotion, discount });
    else refuse(promotion, reason ?? 'MINIMUM_NOT_MET');
  }

  // One stackable promotion per exclusivity group: the most preferred.
  const keptInGroup = new Map<string, Candidate<TOffer>>();
  for (const candidate of candidates) {
    const group = candidate.promotion.exclusivityGroup;
    if (!candidate.promotion.stackable || group === null) continue;
    const kept = keptInGroup.get(group);
    if (kept === undefined || byPreference(candidate, kept) < 0) keptInGroup.set(group, candidate);
  }
  const stack = candidates
    .filter((c) => c.promotion.stackable)
    .filter((c) => c.promotion.exclusivityGroup === null || keptInGroup.get(c.promotion.exclusivityGroup) === c)
    .sort(byPreference);

  // An option that gives nothing (line totals finer than minor units) is no option at all.
  const options = [
    ...candidates.filter((c) => !c.promotion.stackable).map((c) => optionOf(charge([c], basket), false)),
    optionOf(charge(stack, basket), true),
  ].filter((option) => option.applied.length > 0);
  const [winner] = options.sort(byOptionPreference);
  const applied = winner?.applied ?? [];

  const won = new Set(applied.map((a) => a.promotion.id));
  for (const { promotion } of candidates) if (!won.has(promotion.id)) refuse(promotion, 'NOT_COMBINABLE');

  return {
    discountTotal: winner?.total ?? new MoneyDecimal(0),
    applied,
    rejected: request.codes.flatMap((code) => {
      const reason = rejected.get(code);
      return reason === undefined ? [] : [{ code, reason }];
    }),
    considered: considered.map((promotion) => ({
      promotion,
      discount: applied.find((a) => a.promotion.id === promotion.id)?.discount ?? new MoneyDecimal(0),
      reason: outcome.get(promotion.id) ?? null,
    })),
  };
}
