import type { Decimal } from 'decimal.js';
import { actorOf } from '../../../../shared/auth/audit-actor.js';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { badUserInput, conflict, notFound } from '../../../../shared/errors.js';
import { MoneyDecimal, toMinorUnits, toMoney } from '../../../../shared/money.js';
import { type Connection, parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { currencyCode, decimalAmount, parseInput, ulid, z } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import {
  type ChangeMeta,
  changePromotionState,
  createManagedPromotion,
  listVersions,
  PromotionConflict,
  readPromotions,
  StaleVersion,
  type StateChange,
  termsOf,
  UsageLimitBelowUses,
  updateManagedPromotion,
  WrongState,
} from '../data/promotion-management.js';
import { listOffers } from '../data/promotions.js';
import { type JudgedOffer, judgeBasket } from '../domain/judge-basket.js';
import {
  CUSTOMER_SEGMENTS,
  MAX_CODES_PER_ORDER,
  MAX_LINES,
  type PromotionTerms,
  promotionCodes,
  promotionTerms,
  SALES_CHANNELS,
} from '../domain/promotion-input.js';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import type { Promotion } from '../generated/prisma/client.js';

/** What a PromotionConnection resolves from: a page of promotions and its lazy count. */
export type PromotionConnectionRows = Connection<Promotion>;

/** GraphQL's `productIds`/`categoryIds` are the table's targets; every other field keeps its name. */
function fromGraphQL(input: Record<string, unknown>): Record<string, unknown> {
  const { productIds, categoryIds, ...rest } = input;
  return {
    ...rest,
    ...(productIds !== undefined ? { targetProductIds: productIds ?? [] } : {}),
    ...(categoryIds !== undefined ? { targetCategoryIds: categoryIds ?? [] } : {}),
  };
}

/** A new promotion's terms: nullable fields left out are null, as GraphQL clients expect. */
function newTerms(input: Record<string, unknown>): PromotionTerms {
  return parseInput(promotionTerms, { code: null, currency: null, ...fromGraphQL(input) }, 'input');
}

/** A change's terms: the current ones with the given fields replaced, checked as a whole. */
function mergedTerms(current: Record<string, unknown>, changes: Record<string, unknown>): PromotionTerms {
  return parseInput(promotionTerms, { ...current, ...fromGraphQL(changes) }, 'input');
}

const versionArgs = z.object({ id: ulid, expectedVersion: z.number().int().min(1) });

function metaOf(context: Context, acceptConflicts: boolean | null | undefined): ChangeMeta {
  return {
    actor: actorOf(context.identity),
    requestId: context.requestId ?? null,
    acceptConflicts: acceptConflicts === true,
    now: new Date(),
  };
}

/** The domain's refusals, as the stable GraphQL errors the schema documents. */
async function asGraphQLErrors<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof PromotionConflict) {
      throw conflict(error.message, { reason: error.reason, conflictingPromotions: error.promotions });
    }
    if (error instanceof StaleVersion) {
      throw conflict(`${error.message}; reload it and try again`, {
        reason: 'STALE_VERSION',
        currentVersion: error.currentVersion,
      });
    }
    if (error instanceof WrongState) throw conflict(error.message, { reason: 'WRONG_STATE' });
    if (error instanceof UsageLimitBelowUses)
      throw badUserInput(`input.usageLimit ${error.message}`, 'input.usageLimit');
    throw error;
  }
}

function found<T>(row: T | null, id: string): T {
  if (row === null) throw notFound(`No promotion ${id}`);
  return row;
}

function changeState(change: StateChange): NonNullable<MutationResolvers<Context>['pausePromotion']> {
  return async (_parent, args, context) => {
    const { id, expectedVersion } = parseInput(versionArgs, args);
    const row = await asGraphQLErrors(() =>
      changePromotionState(context.db, id, expectedVersion, change, metaOf(context, false)),
    );
    return found(row, id);
  };
}

const sampleCarts = z
  .array(
    z.object({
      currency: currencyCode,
      lines: z
        .array(
          z.object({
            productId: ulid,
            categoryId: ulid.nullish().transform((value) => value ?? null),
            quantity: z.number().int().positive().max(10_000),
            unitPrice: decimalAmount,
          }),
        )
        .min(1, 'must hold at least one line')
        .max(MAX_LINES),
      codes: promotionCodes.nullish().transform((codes) => codes ?? []),
      segments: z
        .array(z.enum(CUSTOMER_SEGMENTS))
        .nullish()
        .transform((value) => value ?? null),
      channel: z
        .enum(SALES_CHANNELS)
        .nullish()
        .transform((value) => value ?? 'WEB'),
      at: z
        .date()
        .nullish()
        .transform((value) => value ?? null),
    }),
  )
  .min(1, 'must hold at least one cart')
  .max(20, 'must hold at most 20 carts');

// The promotion tried has no id until it is saved; it is judged under this one.
const UNSAVED_ID = '~unsaved';

export const managementQueries: Pick<
  QueryResolvers<Context>,
  'promotion' | 'promotions' | 'promotionVersions' | 'dryRunPromotion'
> = {
  promotion: (_parent, { id }, { loaders }) => loaders.promotionById.load(parseInput(ulid, id, 'id')),
  promotionVersions: (_parent, { promotionId }, { db }) =>
    listVersions(db, parseInput(ulid, promotionId, 'promotionId')),
  promotions: async (_parent, args, { db }, info) => {
    const window = parsePageArgs({ first: args.first, after: args.after }, info);
    const page = await readPromotions(db, window);
    return toConnection(page.rows, window, page.rowsBeyondCursor, () => db.promotion.count());
  },
  dryRunPromotion: async (_parent, args, context) => {
    const carts = parseInput(sampleCarts, args.carts, 'carts');
    const existing = args.id ? await context.loaders.promotionById.load(parseInput(ulid, args.id, 'id')) : null;
    if (args.id && !existing) throw notFound(`No promotion ${args.id}`);
    const terms = existing ? mergedTerms(termsOf(existing), args.input) : newTerms(args.input);
    const tried: JudgedOffer = {
      ...terms,
      id: existing?.id ?? UNSAVED_ID,
      timesUsed: existing?.timesUsed ?? 0,
      pausedAt: null,
      version: (existing?.version ?? 0) + 1,
    };
    return Promise.all(
      carts.map(async (cart) => {
        const at = cart.at ?? context.now;
        const lines = cart.lines.map((line) => ({
          productId: line.productId,
          categoryId: line.categoryId,
          quantity: line.quantity,
          lineTotal: toMinorUnits(line.unitPrice.times(line.quantity), cart.currency),
        }));
        const subtotal = lines.reduce((sum, line) => sum.plus(line.lineTotal), new MoneyDecimal(0));
        const codes = [...new Set([...(tried.code ? [tried.code] : []), ...cart.codes])];
        if (codes.length > MAX_CODES_PER_ORDER) throw badUserInput('carts.codes holds too many codes', 'carts.codes');
        const saved = (await listOffers(context.db, codes, at)).filter((offer) => offer.id !== tried.id);
        const evaluation = await judgeBasket(context.rules, {
          basket: { currency: cart.currency, subtotal, at, lines },
          codes,
          offers: [tried, ...saved],
          customerUses: null,
          customerSegments: cart.segments === null ? null : new Set(cart.segments),
          channel: cart.channel,
        });
        const money = (amount: Decimal) => toMoney(amount, cart.currency as CurrencyCode);
        return {
          subtotal: money(subtotal),
          discountTotal: money(evaluation.discountTotal),
          considered: evaluation.considered.map(({ promotion, discount, reason }) => ({
            promotionId: promotion.id === UNSAVED_ID ? null : promotion.id,
            code: promotion.code,
            name: promotion.name,
            applied: reason === null,
            amount: money(discount),
            reason,
          })),
        };
      }),
    );
  },
};

export const managementMutations: Pick<
  MutationResolvers<Context>,
  'createPromotion' | 'updatePromotion' | 'pausePromotion' | 'resumePromotion' | 'endPromotion'
> = {
  createPromotion: async (_parent, { input, acceptConflicts }, context) => {
    const terms = newTerms(input);
    return asGraphQLErrors(() => createManagedPromotion(context.db, terms, metaOf(context, acceptConflicts)));
  },
  updatePromotion: async (_parent, args, context) => {
    const { id, expectedVersion } = parseInput(versionArgs, args);
    const row = await asGraphQLErrors(() =>
      updateManagedPromotion(
        context.db,
        id,
        expectedVersion,
        (current) => mergedTerms(termsOf(current), args.input),
        metaOf(context, args.acceptConflicts),
      ),
    );
    return found(row, id);
  },
  pausePromotion: changeState('PAUSED'),
  resumePromotion: changeState('RESUMED'),
  endPromotion: changeState('ENDED'),
};
