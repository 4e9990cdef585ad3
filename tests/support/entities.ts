import { Decimal } from 'decimal.js';
import { type DocumentNode, Kind, parse, print } from 'graphql';
import { expect, inject } from 'vitest';
import {
  buildDemoShop,
  type DemoCart,
  type DemoOrder,
  type DemoProduct,
  type DemoPromotion,
  type DemoReview,
} from '../../scripts/demo/shop.js';
import type { Role } from '../../shared/auth/roles.js';
import type { SubgraphName } from '../../shared/services.js';
import { loadTypeDefs } from '../../shared/type-defs.js';
import { LOW_STOCK_THRESHOLD } from '../../subgraphs/warehouse/src/domain/availability.js';
import { type GraphQLResponse, postGraphQL, readCounter, subgraph } from './graphql.js';
import { mintToken } from './tokens.js';

/**
 * Helpers for the per-subgraph integration tests (tests/integration/<subgraph>/): the demo shop
 * the stack was seeded with, `_entities` requests as the gateway sends them, connection paging,
 * SQL statement counting and the common assertions on errors and published SDL.
 */

/** The demo shop the test stack was seeded with: the source of every expected value. */
export const shop = buildDemoShop();

/** An id no demo row has (a well-formed ULID, so only its absence is being tested). */
export const UNKNOWN_ID = '01KZZZZZZZZZZZZZZZZZZZZZZZ';

/** `count` distinct well-formed ids that no demo row has. */
export const unknownIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `01KZZZZZZZZZZZZZZZZZZZ${String(i).padStart(4, '0')}`);

/** The value, or a failed test naming what was missing from the demo data. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`demo data has no ${what}`);
  return value;
}

export function demoProduct(sku: string): DemoProduct {
  return must(
    shop.products.find((product) => product.sku === sku),
    `product ${sku}`,
  );
}

export function demoCategoryOf(product: DemoProduct) {
  return must(
    shop.categories.find((category) => category.id === product.categoryId),
    `category of ${product.sku}`,
  );
}

export const activeProducts = shop.products.filter((product) => product.status === 'ACTIVE');

const demoProductIds = new Set(shop.products.map((product) => product.id));
/**
 * Whether a listed product is one of the demo shop's. Order-path tests add products of their own
 * to the shared catalog while listings are walked; listings are checked against the demo shop.
 */
export const isDemoProduct = (node: { id: string }): boolean => demoProductIds.has(node.id);
export const archivedProducts = shop.products.filter((product) => product.status === 'ARCHIVED');

/** Ids sorted the way ULIDs sort in time: oldest first. */
export const oldestFirst = (ids: readonly string[]): string[] => [...ids].sort();
export const newestFirst = (ids: readonly string[]): string[] => [...ids].sort().reverse();
/** Rows in id order, oldest first. */
export const inIdOrder = <T extends { id: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** An exact amount at two decimals, as Money.amount is expected to be written. */
export function twoDecimals(amount: string | Decimal): string {
  return new Decimal(amount).toFixed(2);
}

/** The response's data, after checking there were no errors. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  if (response.data === null || response.data === undefined) throw new Error('response has no data');
  return response.data;
}

/** Who calls, as the access token the gateway forwards says; personal data needs one. */
export interface Caller {
  subject: string;
  roles: Role[];
}

/** Support staff may read every customer's record, orders and carts. */
export const SUPPORT: Caller = { subject: 'support-staff-integration-tests', roles: ['support'] };

/** A signed-in customer. */
export const signedIn = (customerId: string): Caller => ({ subject: customerId, roles: ['customer'] });

const tokens = new Map<string, Promise<string>>();

async function authorization(caller: Caller | undefined): Promise<Record<string, string>> {
  if (!caller) return {};
  const key = `${caller.subject}|${caller.roles.join()}`;
  const token = tokens.get(key) ?? mintToken(caller.subject, caller.roles);
  tokens.set(key, token);
  return { authorization: `Bearer ${await token}` };
}

/** Like `subgraph`, with the caller's access token (none for `undefined`: an anonymous caller). */
export async function subgraphAs<TData = Record<string, unknown>>(
  caller: Caller | undefined,
  name: SubgraphName,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<TData>> {
  return postGraphQL<TData>(inject('subgraphUrls')[name], query, variables, await authorization(caller));
}

export interface EntityRepresentation {
  __typename: string;
  id: string;
}

export const representation = (typename: string, id: string): EntityRepresentation => ({ __typename: typename, id });

/** `_entities` on one subgraph, as the gateway sends it; `selection` holds the `... on Type { }` fragments. */
export function resolveEntities<T>(
  name: SubgraphName,
  selection: string,
  representations: readonly EntityRepresentation[],
  caller?: Caller,
): Promise<GraphQLResponse<{ _entities: (T | null)[] }>> {
  return subgraphAs<{ _entities: (T | null)[] }>(
    caller,
    name,
    `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`,
    { representations },
  );
}

/** The entities resolved for the representations, in the order given, after checking for errors. */
export async function entitiesOf<T>(
  name: SubgraphName,
  selection: string,
  representations: readonly EntityRepresentation[],
  caller?: Caller,
): Promise<(T | null)[]> {
  const entities = dataOf(await resolveEntities<T>(name, selection, representations, caller))._entities;
  expect(entities).toHaveLength(representations.length);
  return entities;
}

export interface Connection<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Follows a connection from its first page to its last; fails if it does not end within
 * `maxPages` (a cursor that never advances would otherwise loop forever).
 */
export async function allPages<TNode>(
  fetchPage: (after: string | null) => Promise<Connection<TNode>>,
  // Generous: other tests add products to the demo categories while the suite runs.
  maxPages = 400,
): Promise<Connection<TNode>[]> {
  const pages: Connection<TNode>[] = [];
  let after: string | null = null;
  do {
    const page: Connection<TNode> = await fetchPage(after);
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    if (pages.length > maxPages) throw new Error(`connection did not end within ${maxPages} pages`);
  } while (after !== null);
  return pages;
}

/** Checks the page bookkeeping of a walk through a connection; returns the nodes in order. */
export function nodesOfPages<TNode>(pages: readonly Connection<TNode>[], pageSize: number): TNode[] {
  pages.forEach((page, index) => {
    const last = index === pages.length - 1;
    expect(page.pageInfo.hasNextPage).toBe(!last);
    if (!last) expect(page.edges).toHaveLength(pageSize);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  });
  return pages.flatMap((page) => page.edges.map((edge) => edge.node));
}

/**
 * Every node of a connection, walked page by page with `$first` = `pageSize` and `$after` = the
 * previous page's endCursor; checks each page's bookkeeping on the way.
 */
export async function walkConnection<TData, TNode>(
  name: SubgraphName,
  query: string,
  variables: Record<string, unknown>,
  pageSize: number,
  pick: (data: TData) => Connection<TNode>,
  caller?: Caller,
): Promise<TNode[]> {
  const pages = await allPages(async (after) =>
    pick(dataOf(await subgraphAs<TData>(caller, name, query, { ...variables, first: pageSize, after }))),
  );
  return nodesOfPages(pages, pageSize);
}

/**
 * SQL statements one run of `operation` sends from a subgraph, read from its db_queries_total
 * counter. The operation runs once first to warm up connections. Other test files query the
 * same processes in parallel, which can only add to a reading, so runs repeat until the fewest
 * count has been seen twice (or `maxRuns` is reached): that is the operation's own cost. A
 * batching regression is stable across runs, so it still shows.
 */
export async function statementsPerRun(
  name: SubgraphName,
  operation: () => Promise<unknown>,
  maxRuns = 8,
): Promise<number> {
  const url = inject('subgraphUrls')[name];
  await operation();
  const seen: number[] = [];
  for (let run = 0; run < maxRuns; run++) {
    const before = await readCounter(url, 'db_queries_total');
    await operation();
    seen.push((await readCounter(url, 'db_queries_total')) - before);
    const fewest = Math.min(...seen);
    if (seen.filter((count) => count === fewest).length >= 2) return fewest;
  }
  return Math.min(...seen);
}

/**
 * One BAD_USER_INPUT error, naming the argument, with a message meant for a client: no SQL,
 * no Prisma, no database internals.
 */
export function expectBadUserInput(
  response: GraphQLResponse<unknown>,
  expected: { message: string | RegExp; field: string; path?: (string | number)[] },
): void {
  expect(response.status).toBe(200);
  expect(response.errors).toHaveLength(1);
  const error = must(response.errors?.[0], 'error');
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.extensions?.field).toBe(expected.field);
  expect(error.message).toMatch(expected.message);
  expect(error.message).not.toMatch(/select |prisma|postgres|sql|relation|column/i);
  if (expected.path) expect(error.path).toEqual(expected.path);
}

interface TypeShape {
  fields: string[];
  keys: string[];
}

/** Each object type's fields (with arguments and defaults) and @key field sets, and each enum's values. */
function typeShapes(document: DocumentNode): Record<string, TypeShape> {
  const shapes: Record<string, TypeShape> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && !definition.name.value.includes('__')) {
      shapes[definition.name.value] = { fields: (definition.values ?? []).map((v) => v.name.value), keys: [] };
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    if (definition.name.value === 'Query' || definition.name.value.startsWith('_')) continue;
    shapes[definition.name.value] = {
      fields: (definition.fields ?? []).map((field) => {
        const args = (field.arguments ?? []).map(
          (arg) => `${arg.name.value}: ${print(arg.type)}${arg.defaultValue ? ` = ${print(arg.defaultValue)}` : ''}`,
        );
        return `${field.name.value}(${args.join(', ')}): ${print(field.type)}`;
      }),
      keys: (definition.directives ?? [])
        .filter((directive) => directive.name.value === 'key')
        .map((directive) => (directive.arguments ?? []).map((arg) => `${arg.name.value}=${print(arg.value)}`).join()),
    };
  }
  return shapes;
}

/** The root Query fields a schema declares, with their arguments. */
function queryFields(document: DocumentNode): string[] {
  return document.definitions.flatMap((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Query'
      ? (definition.fields ?? []).map((field) =>
          // Descriptions aside: the server prints them in its own quoting style.
          print({
            ...field,
            description: undefined,
            arguments: field.arguments?.map((argument) => ({ ...argument, description: undefined })),
          }),
        )
      : [],
  );
}

/** The entity types (types with @key) a schema declares. */
function entityTypes(document: DocumentNode): string[] {
  return Object.entries(typeShapes(document))
    .filter(([, shape]) => shape.keys.length > 0)
    .map(([name]) => name)
    .sort();
}

/**
 * What `_service { sdl }` must publish for composition: every type of the subgraph's schema file
 * with the same fields and keys, root fields, and an `_Entity` union of exactly its entity types.
 */
export async function expectPublishedSdlMatchesSchemaFile(name: SubgraphName): Promise<void> {
  const { _service } = dataOf(await subgraph<{ _service: { sdl: string } }>(name, '{ _service { sdl } }'));
  const published = parse(_service.sdl);
  const file = loadTypeDefs(name);
  expect(typeShapes(published)).toEqual(typeShapes(file));
  expect(queryFields(published)).toEqual(expect.arrayContaining(queryFields(file)));
  const union = published.definitions.find(
    (definition) => definition.kind === Kind.UNION_TYPE_DEFINITION && definition.name.value === '_Entity',
  );
  const members =
    union?.kind === Kind.UNION_TYPE_DEFINITION ? (union.types ?? []).map((type) => type.name.value).sort() : [];
  expect(members).toEqual(entityTypes(file));
}

/** A DateTime as the subgraphs serialize it: ISO-8601 in UTC with milliseconds. */
export const isoTimestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

/** The catalog's view of a demo product, for a selection of `CATALOG_PRODUCT_FIELDS`. */
export const CATALOG_PRODUCT_FIELDS = 'id sku name description status createdAt category { id slug name description }';

export function catalogProductOf(product: DemoProduct) {
  const { id, slug, name, description } = demoCategoryOf(product);
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    status: product.status,
    createdAt: isoTimestamp,
    category: { id, slug, name, description },
  };
}

/** Money as the subgraphs answer it: an exact decimal string at the currency's two decimals. */
export function money(amount: string | Decimal, currency: string) {
  return { amount: twoDecimals(amount), currency };
}

/** Order fields as `ORDER_FIELDS` selects them; lines come in id order. */
export const ORDER_FIELDS = `id customer { id } status currency placedAt
  lines { id product { id } sku productName quantity unitPrice { amount currency } lineTotal { amount currency } }
  subtotal { amount currency } discountTotal { amount currency } total { amount currency }
  statusHistory { from to actor reason at }`;

/** What the order subgraph must show for a demo order: totals computed here from the demo lines. */
export function orderViewOf(order: DemoOrder) {
  const lines = inIdOrder(order.lines).map((line) => ({
    id: line.id,
    product: { id: line.productId },
    sku: line.sku,
    productName: line.productName,
    quantity: line.quantity,
    unitPrice: money(line.unitPrice, order.currency),
    lineTotal: money(new Decimal(line.unitPrice).times(line.quantity), order.currency),
  }));
  const subtotal = order.lines.reduce(
    (sum, line) => sum.plus(new Decimal(line.unitPrice).times(line.quantity)),
    new Decimal(0),
  );
  return {
    id: order.id,
    customer: { id: order.customerId },
    status: must(order.history.at(-1), `history of order ${order.id}`).to,
    currency: order.currency,
    placedAt: isoTimestamp,
    lines,
    subtotal: money(subtotal, order.currency),
    discountTotal: money('0', order.currency),
    total: money(subtotal, order.currency),
    statusHistory: order.history.map((change) => ({
      from: change.from,
      to: change.to,
      actor: change.actor,
      reason: change.reason,
      at: isoTimestamp,
    })),
  };
}

export const CART_FIELDS = 'id customer { id } currency itemCount updatedAt lines { id product { id } quantity }';

/** What the order subgraph must show for a demo cart; lines in id order (see `withCartLinesInIdOrder`). */
export function cartViewOf(cart: DemoCart) {
  return {
    id: cart.id,
    customer: { id: cart.customerId },
    currency: cart.currency,
    itemCount: cart.lines.reduce((sum, line) => sum + line.quantity, 0),
    updatedAt: isoTimestamp,
    lines: inIdOrder(cart.lines).map((line) => ({
      id: line.id,
      product: { id: line.productId },
      quantity: line.quantity,
    })),
  };
}

/**
 * Cart lines are ordered by the time they were added; the demo adds a cart's lines in one
 * statement, at the same instant, so their relative order is not defined and tests compare in id order.
 */
export function withCartLinesInIdOrder<T extends { lines: { id: string }[] }>(cart: T): T {
  return { ...cart, lines: inIdOrder(cart.lines) };
}

export interface Availability {
  status: 'IN_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK';
  quantityAvailable: number;
}

/** A product's units on hand summed over the demo warehouses (nothing is reserved in the demo). */
export const demoUnitsOf = (productId: string): number =>
  shop.stock.filter((item) => item.productId === productId).reduce((sum, item) => sum + item.onHand, 0);

/** The availability the demo stock implies; a product without stock rows has none. */
export function demoAvailabilityOf(productId: string): Availability {
  const units = demoUnitsOf(productId);
  const status = units === 0 ? 'OUT_OF_STOCK' : units <= LOW_STOCK_THRESHOLD ? 'LOW_STOCK' : 'IN_STOCK';
  return { status, quantityAvailable: units };
}

/** A product's demo price in a currency as Money, or null when the demo shop has none. */
export function demoPriceOf(productId: string, currency: string) {
  const price = shop.prices.find((p) => p.productId === productId && p.currency === currency);
  return price ? money(price.amount, currency) : null;
}

export const PROMOTION_FIELDS = `id code name description stackable startsAt endsAt
  discount { kind percentOff amountOff { amount currency } }
  minimumSubtotal { amount currency }`;

/** What the promotion subgraph must show for a demo promotion. */
export function promotionViewOf(promotion: DemoPromotion) {
  const inItsCurrency = (amount: string) => money(amount, must(promotion.currency, `currency of ${promotion.name}`));
  return {
    id: promotion.id,
    code: promotion.code,
    name: promotion.name,
    description: promotion.description,
    stackable: promotion.stackable,
    startsAt: isoTimestamp,
    endsAt: null,
    discount:
      promotion.kind === 'PERCENTAGE'
        ? { kind: 'PERCENTAGE', percentOff: new Decimal(promotion.value).toString(), amountOff: null }
        : { kind: 'FIXED_AMOUNT', percentOff: null, amountOff: inItsCurrency(promotion.value) },
    minimumSubtotal: promotion.minimumSubtotal === null ? null : inItsCurrency(promotion.minimumSubtotal),
  };
}

export const REVIEW_FIELDS = 'id product { id } author { id } rating title body verifiedPurchase createdAt';

export const publishedReviews = shop.reviews.filter((review) => review.status === 'APPROVED');
export const pendingReviews = shop.reviews.filter((review) => review.status === 'PENDING');

/** What the review subgraph must show for a demo review. */
export function reviewViewOf(review: DemoReview) {
  return {
    id: review.id,
    product: { id: review.productId },
    author: { id: review.customerId },
    rating: review.rating,
    title: review.title,
    body: review.body,
    verifiedPurchase: review.verifiedPurchase,
    createdAt: isoTimestamp,
  };
}

/** The rating summary of a product's published demo reviews; the mean rounded half up to one decimal. */
export function demoRatingOf(productId: string) {
  const ratings = publishedReviews.filter((review) => review.productId === productId).map((review) => review.rating);
  const points = ratings.reduce((sum, rating) => sum + rating, 0);
  return {
    count: ratings.length,
    average:
      ratings.length === 0
        ? null
        : new Decimal(points).div(ratings.length).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber(),
    distribution: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: ratings.filter((r) => r === stars).length })),
  };
}
