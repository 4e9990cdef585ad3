import type { CurrencyCode } from '../../../../shared/currency.js';
import { conflict, promotionUnavailable } from '../../../../shared/errors.js';
import { toMoney } from '../../../../shared/money.js';
import { type Connection, parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { parseInput, z } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { recordCodesApplied } from '../data/cart-codes.js';
import {
  countRedemptions,
  evaluateNow,
  PromotionUnavailable,
  RedemptionConflict,
  readRedemptions,
  releaseHeldUses,
  renewUses,
  reserveUses,
} from '../data/redemptions.js';
import { codesKept } from '../domain/codes-kept.js';
import type { Evaluation } from '../domain/discount-rules.js';
import {
  entityId,
  evaluatePromotionsInput,
  releaseReason,
  reservePromotionUsesInput,
} from '../domain/promotion-input.js';
import type {
  MutationResolvers,
  PromotionEvaluation,
  PromotionRedemption,
  QueryResolvers,
} from '../generated/graphql.js';
import type { PromotionRedemption as PromotionRedemptionRow } from '../generated/prisma/client.js';

/** Amounts in the evaluation are decimal strings at the currency's minor units. */
function evaluationView(evaluation: Evaluation, currency: CurrencyCode): PromotionEvaluation {
  return {
    discountTotal: toMoney(evaluation.discountTotal, currency).amount,
    applied: evaluation.applied.map(({ promotion, discount }) => ({
      promotionId: promotion.id,
      code: promotion.code,
      name: promotion.name,
      discount: toMoney(discount, currency).amount,
    })),
    rejected: evaluation.rejected,
    considered: evaluation.considered.map(({ promotion, discount, reason }) => ({
      promotionId: promotion.id,
      code: promotion.code,
      name: promotion.name,
      applied: reason === null,
      discount: toMoney(discount, currency).amount,
      reason,
    })),
  };
}

/** What a PromotionRedemptionConnection resolves from: a page of redemptions and its lazy count. */
export type RedemptionConnectionRows = Connection<PromotionRedemption>;

// Stored currencies passed the input allowlist on the way in.
function redemptionView(row: PromotionRedemptionRow): PromotionRedemption {
  return { ...row, discount: toMoney(row.discount, row.currency as CurrencyCode) };
}

const releaseArgs = z.object({ orderId: entityId, reason: releaseReason });
const renewArgs = z.object({ orderId: entityId, renewedAtVersion: z.number().int().min(1).max(1_000_000) });
const redemptionsArgs = z.object({ promotionId: entityId });

// Who may call these is decided in permissions.ts (graphql-shield), before any resolver runs.
export const redemptionQueries: Pick<QueryResolvers<Context>, 'evaluatePromotions' | 'promotionRedemptions'> = {
  evaluatePromotions: async (_parent, { input }, { db, now, askSegments, rules }) => {
    const valid = parseInput(evaluatePromotionsInput, input, 'input');
    return evaluationView(await evaluateNow(db, valid, now, { askSegments, rules }), valid.currency);
  },
  promotionRedemptions: async (_parent, args, { db }, info) => {
    const { promotionId } = parseInput(redemptionsArgs, args);
    const window = parsePageArgs(args, info);
    const page = await readRedemptions(db, promotionId, window);
    const count = () => countRedemptions(db, promotionId);
    const connection = toConnection(page.rows, window, page.rowsBeyondCursor, count);
    return { ...connection, edges: connection.edges.map((e) => ({ ...e, node: redemptionView(e.node) })) };
  },
};

export const redemptionMutations: Pick<
  MutationResolvers<Context>,
  'reservePromotionUses' | 'releasePromotionUses' | 'renewPromotionUses' | 'applyPromotionCodeToCart'
> = {
  applyPromotionCodeToCart: async (_parent, args, { db, now, askSegments, rules }) => {
    const cartId = parseInput(entityId, args.cartId, 'cartId');
    const valid = parseInput(evaluatePromotionsInput, args.input, 'input');
    const evaluation = await evaluateNow(db, valid, now, { askSegments, rules });
    const kept = codesKept(evaluation, valid.codes);
    await recordCodesApplied(db, { cartId, currency: valid.currency, customerId: valid.customerId }, kept, now);
    return evaluationView(evaluation, valid.currency);
  },
  reservePromotionUses: async (_parent, { input }, { db, now, askSegments, rules, uses }) => {
    const valid = parseInput(reservePromotionUsesInput, input, 'input');
    try {
      return evaluationView(await reserveUses(db, valid, now, { askSegments, rules }, uses), valid.currency);
    } catch (error) {
      if (error instanceof PromotionUnavailable) throw promotionUnavailable(error.rejected);
      if (error instanceof RedemptionConflict) throw conflict(error.message, { orderId: valid.orderId });
      throw error;
    }
  },
  releasePromotionUses: async (_parent, args, { db, uses }) => {
    const { orderId, reason } = parseInput(releaseArgs, args);
    return releaseHeldUses(db, orderId, reason, uses);
  },
  renewPromotionUses: async (_parent, args, { db, uses }) => {
    const { orderId, renewedAtVersion } = parseInput(renewArgs, args);
    try {
      return await renewUses(db, orderId, renewedAtVersion, uses);
    } catch (error) {
      if (error instanceof PromotionUnavailable) throw promotionUnavailable(error.rejected);
      throw error;
    }
  },
};
