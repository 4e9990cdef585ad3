import pg from 'pg';
import { inject } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { promotionDb } from '../../support/promotions.js';
import { mintToken } from '../../support/tokens.js';

/**
 * Helpers for the redemption tests. Files run in parallel against one shared database, so each
 * test creates promotions of its own, with fresh codes, not advertised (activePromotions keeps
 * listing exactly the demo shop) and in currencies the demo shop's automatic promotion (EUR)
 * does not apply to.
 */

export { freshCode, givenPromotion, promotionDb, timesUsed } from '../../support/promotions.js';

/** Straight to the promotion subgraph's tables, bypassing every check the code makes. */
export async function withPromotionDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrls').promotion });
  await client.connect();
  try {
    await client.query('SET search_path TO promotion');
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function customerUses(promotionId: string, customerId: string): Promise<number> {
  const row = await promotionDb().promotionCustomerUsage.findUnique({
    where: { promotionId_customerId: { promotionId, customerId } },
  });
  return row?.uses ?? 0;
}

export async function redemptionsOfOrder(orderId: string) {
  return promotionDb().promotionRedemption.findMany({ where: { orderId }, orderBy: { promotionId: 'asc' } });
}

let serviceToken: Promise<string> | undefined;

/** Calls the promotion subgraph directly, as the order subgraph does (role `service`). */
export async function asService<TData = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<TData>> {
  serviceToken ??= mintToken('service-order', ['service']);
  return postGraphQL<TData>(inject('subgraphUrls').promotion, query, variables, {
    authorization: `Bearer ${await serviceToken}`,
  });
}

export const EVALUATION_FIELDS = 'discountTotal applied { promotionId code name discount } rejected { code reason }';

export interface EvaluationView {
  discountTotal: string;
  applied: { promotionId: string; code: string | null; name: string; discount: string }[];
  rejected: { code: string; reason: string }[];
}

export const RESERVE = /* GraphQL */ `
  mutation Reserve($input: ReservePromotionUsesInput!) { reservePromotionUses(input: $input) { ${EVALUATION_FIELDS} } }`;

export const RELEASE = /* GraphQL */ `
  mutation Release($orderId: ID!, $reason: String!) { releasePromotionUses(orderId: $orderId, reason: $reason) }`;

export const EVALUATE = /* GraphQL */ `
  query Evaluate($input: EvaluatePromotionsInput!) { evaluatePromotions(input: $input) { ${EVALUATION_FIELDS} } }`;

export interface ReserveInput {
  orderId: string;
  customerId: string;
  currency: string;
  subtotal: string;
  codes: string[];
}

export function reserveInput(changes: Partial<ReserveInput> = {}): ReserveInput {
  return { orderId: newId(), customerId: newId(), currency: 'SEK', subtotal: '100.00', codes: [], ...changes };
}

export function reserve(input: ReserveInput) {
  return asService<{ reservePromotionUses: EvaluationView }>(RESERVE, { input });
}

export function release(orderId: string, reason = 'order placement failed') {
  return asService<{ releasePromotionUses: number }>(RELEASE, { orderId, reason });
}

export const codesOf = (response: GraphQLResponse<unknown>) => response.errors?.map((e) => e.extensions?.code);
