import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  type GraphQLField,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLSchema,
  parse,
} from 'graphql';
import { allow, type IRules } from 'graphql-shield';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { STAFF_ROLES } from '../../../shared/auth/roles.js';
import { permissions as catalog } from '../../../subgraphs/catalog/src/permissions.js';
import { permissions as customer } from '../../../subgraphs/customer/src/permissions.js';
import { permissions as order } from '../../../subgraphs/order/src/permissions.js';
import { permissions as pricing } from '../../../subgraphs/pricing/src/permissions.js';
import { permissions as promotion } from '../../../subgraphs/promotion/src/permissions.js';
import { permissions as review } from '../../../subgraphs/review/src/permissions.js';
import { permissions as warehouse } from '../../../subgraphs/warehouse/src/permissions.js';
import type { GraphQLResponse } from '../../support/graphql.js';
import { as, type Caller } from '../../support/tokens.js';
import { cartOf, newProduct, newShopper, placeOrder, type Shopper } from '../order-path/fixtures.js';

/**
 * "A failed field does not fail the rest": a field that graphql-shield refuses to a caller is
 * null with its own UNAUTHENTICATED or FORBIDDEN error, and its siblings and ancestors are served.
 *
 * The guarded fields are read from every subgraph's rule map, so a new rule fails this test until
 * it has a probe here, and a guarded field that is non-null fails it outright. A probe is a query
 * through the gateway that selects the guarded field beside a public sibling, under its parent's
 * parent; it is sent anonymously, as a customer, as the owner of the data (when there is one)
 * and with every staff role. Type-wide rules (`Order: { '*': … }`, `Cart`) guard objects that are
 * only reached through lookups which answer NOT_FOUND to anyone else: their probe is that door.
 */

const RULE_MAPS: Record<string, IRules> = { catalog, customer, order, pricing, promotion, review, warehouse };

type CallerName = 'anonymous' | 'customer' | 'owner' | (typeof STAFF_ROLES)[number];
const CALLERS: readonly CallerName[] = ['anonymous', 'customer', 'owner', ...STAFF_ROLES];

type Path = readonly (string | number)[];

interface Probe {
  query: string;
  variables: () => Record<string, unknown>;
  /** Where the guarded field is in `data`. */
  guarded: Path;
  /** Public fields that must be served whatever happens to the guarded one (siblings, parents). */
  survivors: readonly Path[];
  /** The customer the data belongs to; without one, the `owner` caller is not tried. */
  owner?: () => string;
  /** Who reaches the guarded field's parent at all (default: every caller). */
  viewers?: readonly CallerName[];
  /** Who may read the guarded field. */
  readers: readonly CallerName[];
  /** What a refused caller is told: UNAUTHENTICATED anonymously, FORBIDDEN signed in, unless a door says NOT_FOUND. */
  refusal?: { anonymous?: string; signedIn?: string; customer?: string };
  /** For type-wide rules: the field through which the guarded type is reached. */
  door?: string;
}

const shop = buildDemoShop();
const [demoProduct] = shop.products.filter((product) => product.status === 'ACTIVE');
const promotionId = shop.promotions[0]?.id;
const adaCart = shop.carts[0];
const UNKNOWN_ID = '01KZZZZZZZZZZZZZZZZZZZZZZZ';

/** Filled in beforeAll: a review author (a customer of the demo shop) and an order of a shopper's own. */
const fixture = {
  reviewAuthorId: '',
  otherCustomerId: '',
  shopper: null as Shopper | null,
  orderId: '',
  dataExportId: '',
};

const productProbe = (selection: string, guarded: string, readers: readonly CallerName[]): Probe => ({
  query: `query($product: ID!) { product(id: $product) { id name ${selection} } }`,
  variables: () => ({ product: demoProduct?.id }),
  guarded: ['product', guarded],
  survivors: [['product', 'name']],
  readers,
});

/** How the shop ranks a warehouse and what its shipping costs: warehouse staff, admins and support. */
const warehouseProbe = (selection: string): Probe => ({
  query: `query($warehouse: ID!) { warehouse(id: $warehouse) { code ${selection} } }`,
  variables: () => ({ warehouse: shop.warehouses[0]?.id }),
  guarded: ['warehouse', selection.split(' ')[0] as string],
  survivors: [['warehouse', 'code']],
  readers: ['warehouse_admin', 'admin', 'support'],
});

const rootProbe = (selection: string, field: string, readers: readonly CallerName[]): Probe => ({
  query: `query { products(first: 1) { edges { node { id name } } } ${selection} }`,
  variables: () => ({}),
  guarded: [field],
  survivors: [['products', 'edges', 0, 'node', 'name']],
  readers,
});

/** A personal field of a review's author, reached from the product page as shoppers reach it. */
const authorProbe = (selection: string, field: string): Probe => ({
  query: `query($product: ID!) {
    product(id: $product) { id name reviews(first: 1) { edges { node { title author { name ${selection} } } } } }
  }`,
  variables: () => ({ product: demoProduct?.id }),
  guarded: ['product', 'reviews', 'edges', 0, 'node', 'author', field],
  survivors: [
    ['product', 'name'],
    ['product', 'reviews', 'edges', 0, 'node', 'title'],
    ['product', 'reviews', 'edges', 0, 'node', 'author', 'name'],
  ],
  owner: () => fixture.reviewAuthorId,
  readers: ['owner', 'support', 'admin'],
});

const ORDER_VIEWERS: readonly CallerName[] = ['owner', 'support', 'admin', 'warehouse_admin', 'order_admin'];
const orderOwner = () => fixture.shopper?.subject ?? '';

const orderDoor: Probe = {
  query: 'query($order: ID!) { products(first: 1) { edges { node { name } } } order(id: $order) { id status } }',
  variables: () => ({ order: fixture.orderId }),
  guarded: ['order'],
  survivors: [['products', 'edges', 0, 'node', 'name']],
  owner: orderOwner,
  readers: ORDER_VIEWERS,
  // Guests read orders with a link token, so anonymous callers are answered like everyone else.
  refusal: { anonymous: 'NOT_FOUND', signedIn: 'NOT_FOUND' },
  door: 'Query.order',
};

const priceVersionProbe = (field: string): Probe => ({
  query: `query($order: ID!) { order(id: $order) { id lines { sku priceVersion { id amount { amount } ${field} } } } }`,
  variables: () => ({ order: fixture.orderId }),
  guarded: ['order', 'lines', 0, 'priceVersion', field],
  survivors: [
    ['order', 'lines', 0, 'sku'],
    ['order', 'lines', 0, 'priceVersion', 'amount'],
  ],
  owner: orderOwner,
  viewers: ORDER_VIEWERS,
  readers: ['admin'],
});

const PROBES: Record<string, Probe> = {
  'Query.customer': {
    ...rootProbe('customer(id: $customer) { id name }', 'customer', ['owner', 'support', 'admin']),
    query:
      'query($customer: ID!) { products(first: 1) { edges { node { id name } } } customer(id: $customer) { id name } }',
    variables: () => ({ customer: fixture.reviewAuthorId }),
    owner: () => fixture.reviewAuthorId,
    // Another customer's record is NOT_FOUND, like a missing one: the id's existence stays secret.
    refusal: { customer: 'NOT_FOUND' },
  },
  'Query.me': rootProbe('me { id }', 'me', ['customer', 'owner']),
  'Customer.email': authorProbe('email', 'email'),
  'Customer.phone': authorProbe('phone', 'phone'),
  'Customer.version': authorProbe('version', 'version'),
  'Customer.addresses': authorProbe('addresses { id }', 'addresses'),
  'Customer.defaultAddress': authorProbe('defaultAddress { id }', 'defaultAddress'),
  'Customer.defaultShippingAddress': authorProbe('defaultShippingAddress { id }', 'defaultShippingAddress'),
  'Customer.defaultBillingAddress': authorProbe('defaultBillingAddress { id }', 'defaultBillingAddress'),
  'Customer.createdAt': authorProbe('createdAt', 'createdAt'),
  'Customer.preferences': authorProbe('preferences { language marketingEmail }', 'preferences'),
  'Customer.preferenceHistory': authorProbe('preferenceHistory(first: 1) { totalCount }', 'preferenceHistory'),
  'Customer.dataExports': authorProbe('dataExports { id }', 'dataExports'),
  'Customer.erasedAt': authorProbe('erasedAt', 'erasedAt'),
  'Query.dataExport': {
    query:
      'query($export: ID!) { products(first: 1) { edges { node { id name } } } dataExport(id: $export) { id status } }',
    variables: () => ({ export: fixture.dataExportId }),
    guarded: ['dataExport'],
    survivors: [['products', 'edges', 0, 'node', 'name']],
    owner: () => fixture.reviewAuthorId,
    readers: ['owner', 'support', 'admin'],
    // Another customer's export is NOT_FOUND, like a missing one.
    refusal: { customer: 'NOT_FOUND' },
  },
  'DataExport.document': {
    query: 'query($export: ID!) { dataExport(id: $export) { id status document } }',
    variables: () => ({ export: fixture.dataExportId }),
    guarded: ['dataExport', 'document'],
    survivors: [['dataExport', 'status']],
    owner: () => fixture.reviewAuthorId,
    viewers: ['owner', 'support', 'admin'],
    // Support sees that an export exists, never what it holds.
    readers: ['owner', 'admin'],
  },
  'Customer.segments': authorProbe('segments', 'segments'),
  'Customer.business': authorProbe('business', 'business'),
  // Why screening held a review says how it works: its author and the moderators may know.
  'Review.screening': {
    query: `query($product: ID!) {
      product(id: $product) { id name reviews(first: 1) { edges { node { title screening { outcome } } } } }
    }`,
    variables: () => ({ product: demoProduct?.id }),
    guarded: ['product', 'reviews', 'edges', 0, 'node', 'screening'],
    survivors: [
      ['product', 'name'],
      ['product', 'reviews', 'edges', 0, 'node', 'title'],
    ],
    owner: () => fixture.reviewAuthorId,
    readers: ['owner', 'moderator', 'admin'],
  },
  'Customer.cart': authorProbe('cart { id }', 'cart'),
  'Customer.orders': authorProbe('orders(first: 1) { edges { node { id } } }', 'orders'),
  'Order.*': orderDoor,
  'Order.payments': {
    query: 'query($order: ID!) { order(id: $order) { id status payments { id } } }',
    variables: () => ({ order: fixture.orderId }),
    guarded: ['order', 'payments'],
    survivors: [['order', 'status']],
    owner: orderOwner,
    viewers: ORDER_VIEWERS,
    readers: ['support', 'admin'],
  },
  Cart: {
    query: 'query($cart: ID!) { products(first: 1) { edges { node { name } } } cart(id: $cart) { id itemCount } }',
    variables: () => ({ cart: adaCart?.id }),
    guarded: ['cart'],
    survivors: [['products', 'edges', 0, 'node', 'name']],
    owner: () => adaCart?.customerId ?? '',
    readers: ['owner', 'support', 'admin'],
    refusal: { anonymous: 'NOT_FOUND', signedIn: 'NOT_FOUND' },
    door: 'Query.cart',
  },
  'Query.paymentsNeedingAction': rootProbe('paymentsNeedingAction(first: 1) { id }', 'paymentsNeedingAction', [
    'support',
    'admin',
  ]),
  'Query.salesReport': rootProbe('salesReport(from: "2026-01-01", to: "2026-01-31") { day }', 'salesReport', ['admin']),
  'Query.checkoutConversion': rootProbe(
    'checkoutConversion(from: "2026-01-01", to: "2026-01-31") { day }',
    'checkoutConversion',
    ['admin'],
  ),
  // Unknown (or someone else's) imports are null, like a missing one: no error to those who may ask.
  'Query.bulkOrderImport': rootProbe(`bulkOrderImport(id: "${UNKNOWN_ID}") { id }`, 'bulkOrderImport', [
    'customer',
    'order_admin',
    'admin',
  ]),
  'Query.staffMembers': rootProbe('staffMembers { id }', 'staffMembers', ['admin']),
  'Query.staffMember': rootProbe(`staffMember(id: "${UNKNOWN_ID}") { id }`, 'staffMember', ['admin']),
  'Query.staffAudit': rootProbe(`staffAudit(staffId: "${UNKNOWN_ID}") { id }`, 'staffAudit', ['admin']),
  'Query.moderationQueue': rootProbe('moderationQueue(first: 1) { totalCount }', 'moderationQueue', [
    'moderator',
    'admin',
  ]),
  'Query.reviewModerationHistory': rootProbe(
    `reviewModerationHistory(reviewId: "${UNKNOWN_ID}") { id }`,
    'reviewModerationHistory',
    ['moderator', 'admin'],
  ),
  // Someone else's review is null, like a missing one: no error to the customers who may ask.
  'Query.myReview': rootProbe(`myReview(id: "${UNKNOWN_ID}") { id }`, 'myReview', ['customer', 'owner']),
  'Query.exchangeRates': rootProbe('exchangeRates { quote }', 'exchangeRates', ['pricing_admin', 'admin']),
  'Query.bulkPriceJob': rootProbe(`bulkPriceJob(id: "${UNKNOWN_ID}") { id }`, 'bulkPriceJob', ['pricing_admin']),
  'Product.priceHistory': productProbe('priceHistory(currency: "EUR") { id }', 'priceHistory', [
    'pricing_admin',
    'admin',
  ]),
  'Product.priceOverrides': productProbe('priceOverrides(currency: "EUR") { id }', 'priceOverrides', [
    'pricing_admin',
    'admin',
  ]),
  'PriceVersion.author': priceVersionProbe('author'),
  'PriceVersion.reason': priceVersionProbe('reason'),
  'Query.promotionRedemptions': {
    ...rootProbe(
      'promotionRedemptions(promotionId: $promotion, first: 1) { edges { cursor } }',
      'promotionRedemptions',
      ['support', 'admin'],
    ),
    query:
      'query($promotion: ID!) { products(first: 1) { edges { node { id name } } } promotionRedemptions(promotionId: $promotion, first: 1) { edges { cursor } } }',
    variables: () => ({ promotion: promotionId }),
  },
  'Query.promotion': rootProbe(`promotion(id: "${promotionId}") { id }`, 'promotion', ['promotion_admin', 'admin']),
  'Query.promotions': rootProbe('promotions(first: 1) { totalCount }', 'promotions', ['promotion_admin', 'admin']),
  'Query.dryRunPromotion': rootProbe(
    `dryRunPromotion(
      input: { name: "Probe", kind: PERCENTAGE, value: "10", startsAt: "2026-01-01T00:00:00Z" }
      carts: [{ currency: "EUR", lines: [{ productId: "${demoProduct?.id}", quantity: 1, unitPrice: "10" }] }]
    ) { discountTotal { amount } }`,
    'dryRunPromotion',
    ['promotion_admin', 'admin'],
  ),
  'Query.promotionReport': rootProbe(
    'promotionReport(from: "2026-01-01", to: "2026-01-31") { currency }',
    'promotionReport',
    ['promotion_admin', 'admin'],
  ),
  'Query.promotionVersions': rootProbe(
    `promotionVersions(promotionId: "${promotionId}") { version }`,
    'promotionVersions',
    ['promotion_admin', 'admin'],
  ),
  'Query.stockAlerts': rootProbe('stockAlerts(first: 1) { totalCount }', 'stockAlerts', [
    'warehouse_admin',
    'admin',
    'support',
  ]),
  'Warehouse.lowStockThreshold': {
    query: 'query { warehouses { code lowStockThreshold } }',
    variables: () => ({}),
    guarded: ['warehouses', 0, 'lowStockThreshold'],
    survivors: [['warehouses', 0, 'code']],
    readers: ['warehouse_admin', 'admin', 'support'],
  },
  'Product.stockLevels': productProbe('stockLevels { onHand }', 'stockLevels', ['warehouse_admin', 'admin', 'support']),
  'Warehouse.priority': warehouseProbe('priority'),
  'Warehouse.shipsOutsideZones': warehouseProbe('shipsOutsideZones'),
  'Warehouse.shippingZones': warehouseProbe('shippingZones { code }'),
  'Product.stockMovements': productProbe('stockMovements(first: 1) { id }', 'stockMovements', [
    'warehouse_admin',
    'admin',
    'support',
  ]),
};

const supergraph: GraphQLSchema = buildASTSchema(parse(readFileSync('supergraph.graphql', 'utf8')), {
  assumeValidSDL: true,
});

function fieldOf(coordinate: string): GraphQLField<unknown, unknown> {
  const [typeName, fieldName] = coordinate.split('.');
  const type = supergraph.getType(typeName ?? '');
  const field = type instanceof GraphQLObjectType ? type.getFields()[fieldName ?? ''] : undefined;
  if (!field) throw new Error(`${coordinate} is not in the supergraph`);
  return field;
}

const isInaccessible = (field: GraphQLField<unknown, unknown>) =>
  field.astNode?.directives?.some((directive) => directive.name.value === 'inaccessible') ?? false;

/**
 * Every rule that can refuse a client something it can ask the gateway for: `Type.field`,
 * `Type.*` for a rule on every field, `Type` for a rule on the whole type. Mutations are walked
 * by every-mutation-is-refused-to-the-wrong-caller; `allow` refuses nobody; @inaccessible fields
 * answer only to other subgraphs.
 */
function guardedCoordinates(): string[] {
  const coordinates = new Set<string>();
  for (const rules of Object.values(RULE_MAPS)) {
    for (const [typeName, typeRules] of Object.entries(rules as Record<string, unknown>)) {
      if (typeName === 'Mutation') continue;
      if (typeof typeRules !== 'object' || typeRules === null || !isRuleMap(typeRules)) {
        if (typeRules !== allow) coordinates.add(typeName);
        continue;
      }
      for (const [fieldName, rule] of Object.entries(typeRules)) {
        if (rule === allow) continue;
        const coordinate = `${typeName}.${fieldName}`;
        if (fieldName !== '*' && isInaccessible(fieldOf(coordinate))) continue;
        coordinates.add(coordinate);
      }
    }
  }
  return [...coordinates].sort();
}

/** A rule map is a plain object of rules; a shield rule is a class instance. */
const isRuleMap = (value: object): value is Record<string, unknown> =>
  Object.getPrototypeOf(value) === Object.prototype;

const at = (data: unknown, path: Path): unknown =>
  path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | null | undefined)?.[key], data);

function callerFor(name: CallerName, probe: Probe): Caller | null {
  if (name === 'anonymous') return null;
  if (name === 'owner') return { subject: probe.owner?.() ?? '', roles: ['customer'] };
  if (name === 'customer') return { subject: fixture.otherCustomerId, roles: ['customer'] };
  return { subject: `staff-${name}`, roles: [name] };
}

describe('a refused field fails alone', () => {
  const coordinates = guardedCoordinates();

  beforeAll(async () => {
    const firstReview = await as<{
      product: { reviews: { edges: { node: { author: { id: string } } }[] } };
    }>(null, 'query($id: ID!) { product(id: $id) { reviews(first: 1) { edges { node { author { id } } } } } }', {
      id: demoProduct?.id,
    });
    fixture.reviewAuthorId = firstReview.data?.product.reviews.edges[0]?.node.author.id ?? '';
    fixture.otherCustomerId =
      shop.customers.find((c) => c.id !== fixture.reviewAuthorId && c.id !== adaCart?.customerId)?.id ?? '';
    expect(fixture.reviewAuthorId).not.toBe('');
    expect(fixture.otherCustomerId).not.toBe('');

    // A data export of the review author's, asked for by support on their behalf.
    const requested = await as<{ requestDataExport: { id: string } }>(
      { subject: 'staff-support', roles: ['support'] },
      'mutation($customerId: ID) { requestDataExport(customerId: $customerId) { id } }',
      { customerId: fixture.reviewAuthorId },
    );
    fixture.dataExportId = requested.data?.requestDataExport.id ?? '';
    expect(fixture.dataExportId, JSON.stringify(requested)).not.toBe('');

    // An order whose line was quoted at a price version, so PriceVersion's staff fields can be asked for.
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const placed = await placeOrder(shopper, await cartOf(shopper, [{ productId: product, quantity: 1 }]));
    expect(placed.errors).toBeUndefined();
    fixture.shopper = shopper;
    fixture.orderId = placed.data?.placeOrder.id ?? '';
  }, 60_000);

  it('has a probe for every guarded field, and every guarded field is nullable', () => {
    expect(coordinates.length).toBeGreaterThan(10);
    expect(coordinates.filter((coordinate) => !PROBES[coordinate])).toEqual([]);
    const nonNull = coordinates
      .map((coordinate) => PROBES[coordinate]?.door ?? coordinate)
      .filter((coordinate) => !coordinate.endsWith('.*'))
      .filter((coordinate) => fieldOf(coordinate).type instanceof GraphQLNonNull);
    expect(nonNull).toEqual([]);
  });

  it.each(Object.keys(PROBES))('serves the siblings of %s to every caller, and it only to its readers', async (key) => {
    const probe = PROBES[key] as Probe;
    expect(coordinates, `${key} is not guarded by any rule any more: remove its probe`).toContain(key);
    const callers = (probe.viewers ?? CALLERS).filter((name) => name !== 'owner' || probe.owner);
    const refused = callers.filter((name) => !probe.readers.includes(name));
    expect(refused.length, 'someone is refused').toBeGreaterThan(0);
    expect(
      callers.some((name) => probe.readers.includes(name)),
      'someone may read it',
    ).toBe(true);

    for (const name of callers) {
      const response: GraphQLResponse = await as(callerFor(name, probe), probe.query, probe.variables());
      const seenBy = `${key} as ${name}: ${JSON.stringify(response)}`;
      for (const survivor of probe.survivors) {
        expect(at(response.data, survivor), seenBy).not.toBeNull();
        expect(at(response.data, survivor), seenBy).not.toBeUndefined();
      }
      if (probe.readers.includes(name)) {
        expect(response.errors, seenBy).toBeUndefined();
        expect(at(response.data, probe.guarded), seenBy).not.toBeUndefined();
        continue;
      }
      const expected =
        name === 'anonymous'
          ? (probe.refusal?.anonymous ?? 'UNAUTHENTICATED')
          : name === 'customer'
            ? (probe.refusal?.customer ?? probe.refusal?.signedIn ?? 'FORBIDDEN')
            : (probe.refusal?.signedIn ?? 'FORBIDDEN');
      expect(at(response.data, probe.guarded), seenBy).toBeNull();
      expect(response.errors?.length, seenBy).toBeGreaterThan(0);
      for (const error of response.errors ?? []) {
        // A guarded field of a list's objects (every warehouse) fails in each of them alone.
        expect(
          error.path?.map((step) => (typeof step === 'number' ? 0 : step)),
          seenBy,
        ).toEqual(probe.guarded);
        expect(error.extensions?.code, seenBy).toBe(expected);
      }
    }
  });
});
