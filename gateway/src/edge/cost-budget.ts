import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../../shared/errors.js';

/**
 * The cost budget's decisions, free of Redis and HTTP: what a request is charged, and what it
 * is answered. The request-count limit alone treats `{ __typename }` and a hundred products
 * with twenty reviews each alike; the budget makes each request spend what demand control
 * estimates it costs, so a client that reads a lot of the shop per minute is slowed down
 * however it spreads that over requests.
 */

/** Header a served request carries: the budget left this minute, after its own charge. */
export const COST_REMAINING_HEADER = 'x-ratelimit-cost-remaining';

/**
 * What a request spends: its estimated cost, at least 1 — an operation the estimate calls free
 * (introspection, `__typename`) still has to be parsed and answered, and must not be a way to
 * send requests that spend nothing.
 */
export function costToCharge(estimatedCost: number): number {
  if (!Number.isFinite(estimatedCost)) return Number.MAX_SAFE_INTEGER;
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, Math.ceil(estimatedCost)));
}

/** What the store says after a check-and-spend (see rate-limit.ts's script). */
export interface BudgetReading {
  /** What the request was to be charged. */
  charged: number;
  /** Spent this window, the request's charge included — also when it did not fit and was not spent. */
  consumedWithRequest: number;
  /** Until the window ends and the budget is whole again. */
  msBeforeReset: number;
}

export type BudgetDecision =
  | { admitted: true; charged: number; remaining: number }
  | { admitted: false; charged: number; remaining: number; retryAfterSeconds: number; neverFits: boolean };

/**
 * Admitted when the charge fits in what is left. A refused request spends nothing (the store
 * only adds the charge when it fits): an expensive query the client cannot afford yet does not
 * also take away the room its cheap ones still have.
 */
export function decideBudget(budget: number, reading: BudgetReading): BudgetDecision {
  const { charged, consumedWithRequest, msBeforeReset } = reading;
  if (consumedWithRequest <= budget) {
    return { admitted: true, charged, remaining: budget - consumedWithRequest };
  }
  const spentBefore = consumedWithRequest - charged;
  return {
    admitted: false,
    charged,
    remaining: Math.max(0, budget - spentBefore),
    retryAfterSeconds: Math.max(1, Math.ceil(msBeforeReset / 1000)),
    // Larger than a whole minute's budget: waiting will not help (budgets are meant to be
    // above MAX_QUERY_COST, so this is a configuration the refusal should make plain).
    neverFits: charged > budget,
  };
}

/** A refusal as the gateway sends it: status, headers and the one error of the response. */
export interface CostRefusal {
  status: number;
  headers: Record<string, string>;
  error: GraphQLFormattedError;
}

/**
 * The refusal of a request that does not fit: HTTP 429 with `Retry-After`, `RATE_LIMITED`,
 * when to retry, what the request costs and what is left of the budget, so a client can tell
 * "wait a moment" from "ask for less".
 */
export function costRefusal(decision: Extract<BudgetDecision, { admitted: false }>): CostRefusal {
  const message = decision.neverFits
    ? `The operation's estimated cost is ${decision.charged}, more than the whole budget per minute; ask for less`
    : `The operation's estimated cost is ${decision.charged}, more than the ${decision.remaining} left of the budget this minute; retry in ${decision.retryAfterSeconds} s or ask for less`;
  return {
    status: 429,
    headers: { 'retry-after': String(decision.retryAfterSeconds) },
    error: {
      message,
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds: decision.retryAfterSeconds,
        cost: decision.charged,
        costBudgetRemaining: decision.remaining,
      },
    },
  };
}

/** Redis could not be asked and the limits fail closed: the same answer as the request count's. */
export function budgetUnavailable(): CostRefusal {
  return {
    status: 503,
    headers: { 'retry-after': '1' },
    error: {
      message: 'Requests cannot be admitted right now; retry shortly',
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 1 },
    },
  };
}
