import { type Evaluation, type EvaluationRequest, evaluatePromotions, type PromotionOffer } from './discount-rules.js';
import { type EligibilityRule, factsFor, type RuleCache, usesCustomerFacts } from './eligibility-rules.js';
import type { SalesChannel } from './vocabulary.js';

/** A promotion as judging needs it: its terms, and the rule of its current version. */
export interface JudgedOffer extends PromotionOffer {
  version: number;
  /** Validated on save (eligibility-rules.ts); null: no conditions. */
  rule: unknown;
}

/** Whether judging these offers needs the customer's segments: a segment-limited one, or a rule about the customer. */
export function needsCustomerFacts(offers: readonly JudgedOffer[]): boolean {
  return offers.some(
    (offer) => offer.segments.length > 0 || (offer.rule !== null && usesCustomerFacts(offer.rule as EligibilityRule)),
  );
}

/**
 * Evaluates the promotions' eligibility rules on the basket (the rules engine, compiled once per
 * promotion version), then the discount rules with the failures known. `customerSegments` null:
 * a guest, or a customer whose segments no offer needed.
 */
export async function judgeBasket<TOffer extends JudgedOffer>(
  rules: RuleCache,
  request: EvaluationRequest<TOffer> & { channel: SalesChannel },
): Promise<Evaluation<TOffer>> {
  const { basket } = request;
  const facts = factsFor({
    segments: request.customerSegments ? [...request.customerSegments] : null,
    subtotal: basket.subtotal,
    currency: basket.currency,
    channel: request.channel,
    at: basket.at,
    lines: basket.lines ?? [],
  });
  const ruleFailures = new Set<string>();
  await Promise.all(
    request.offers.map(async (offer) => {
      if (offer.rule === null) return;
      if (!(await rules.met(offer.id, offer.version, offer.rule as EligibilityRule, facts))) ruleFailures.add(offer.id);
    }),
  );
  return evaluatePromotions({ ...request, ruleFailures });
}
