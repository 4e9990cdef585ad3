import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  GraphQLEnumType,
  type GraphQLField,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLScalarType,
  parse,
} from 'graphql';
import { describe, expect, inject, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/auth/roles.js';
import { codes, postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';

/**
 * Who may call each mutation of the supergraph. The test walks the composed schema: a mutation
 * missing here fails the suite until it is classified, and then every classified mutation is
 * called anonymously and with a role it does not allow, and must be refused.
 */
const MUTATION_ACCESS: Record<string, 'anyone' | readonly Role[]> = {
  register: 'anyone',
  signIn: 'anyone',
  // The refresh token is the credential: the caller's access token may have expired.
  refreshSession: 'anyone',
  signOut: 'anyone',
  changePassword: ['customer'],
  createCart: 'anyone',
  updateProfile: ['customer'],
  // A customer's own address book; support and admins name the customer (customerId).
  addAddress: ['customer', 'support', 'admin'],
  updateAddress: ['customer', 'support', 'admin'],
  removeAddress: ['customer', 'support', 'admin'],
  setDefaultAddress: ['customer', 'support', 'admin'],
  // A customer's own preferences and consents; support and admins name the customer (customerId).
  updatePreferences: ['customer', 'support', 'admin'],
  // A customer's own data export; support and admins ask for one naming the customer.
  requestDataExport: ['customer', 'support', 'admin'],
  // The customer themselves (with their password) or an admin; support never erases.
  eraseCustomer: ['customer', 'admin'],
  // Staff accounts are managed by admins alone.
  inviteStaff: ['admin'],
  grantStaffRoles: ['admin'],
  revokeStaffRoles: ['admin'],
  deactivateStaff: ['admin'],
  reinviteStaff: ['admin'],
  // The invitation token, or e-mail, password and code, are the credential: the caller has no token yet.
  acceptStaffInvitation: 'anyone',
  staffSignIn: 'anyone',
  mergeGuestCart: ['customer'],
  setPriceOverride: ['pricing_admin'],
  setPrice: ['pricing_admin'],
  bulkSetPrices: ['pricing_admin'],
  adjustStock: ['warehouse_admin', 'admin'],
  createWarehouse: ['warehouse_admin', 'admin'],
  updateWarehouse: ['warehouse_admin', 'admin'],
  setWarehouseShippingZones: ['warehouse_admin', 'admin'],
  setLowStockThreshold: ['warehouse_admin', 'admin'],
  setWarehouseLowStockThreshold: ['warehouse_admin', 'admin'],
  acknowledgeStockAlert: ['warehouse_admin', 'admin'],
  createCategory: ['catalog_admin', 'admin'],
  updateCategory: ['catalog_admin', 'admin'],
  createProduct: ['catalog_admin', 'admin'],
  updateProduct: ['catalog_admin', 'admin'],
  createPromotion: ['promotion_admin', 'admin'],
  updatePromotion: ['promotion_admin', 'admin'],
  pausePromotion: ['promotion_admin', 'admin'],
  resumePromotion: ['promotion_admin', 'admin'],
  endPromotion: ['promotion_admin', 'admin'],
  // Guests change their carts with the cart's token; the resolvers refuse anyone else (NOT_FOUND).
  addCartLine: 'anyone',
  updateCartLine: 'anyone',
  removeCartLine: 'anyone',
  setCartCurrency: 'anyone',
  applyPromotionCode: 'anyone',
  removePromotionCode: 'anyone',
  setCartContact: 'anyone',
  setCartShippingAddress: 'anyone',
  // Guests place orders from the cart whose token they pass; without one the resolver asks for a customer.
  placeOrder: 'anyone',
  requestGuestOrderClaim: ['customer'],
  claimGuestOrders: ['customer'],
  cancelOrder: ['customer', 'support', 'admin'],
  updateOrderStatus: ['warehouse_admin', 'order_admin', 'admin'],
  updateOrderStatuses: ['warehouse_admin', 'order_admin', 'admin'],
  // Staff import orders for anyone; a customer only as a business account (the resolvers check).
  createBulkOrderImport: ['customer', 'order_admin', 'admin'],
  appendBulkOrderImportChunk: ['customer', 'order_admin', 'admin'],
  startBulkOrderImport: ['customer', 'order_admin', 'admin'],
  // Which customers are business accounts is for admins to decide.
  setCustomerBusinessAccount: ['admin'],
  // Customers write, edit and delete their own reviews; the resolvers refuse others' (NOT_FOUND).
  submitReview: ['customer'],
  editReview: ['customer'],
  deleteReview: ['customer'],
  // Moderators and admins work the queue; escalated reviews only admins (the resolvers check).
  claimReview: ['moderator', 'admin'],
  approveReview: ['moderator', 'admin'],
  rejectReview: ['moderator', 'admin'],
  escalateReview: ['moderator', 'admin'],
};

const supergraph = buildASTSchema(parse(readFileSync('supergraph.graphql', 'utf8')), { assumeValidSDL: true });
const isInaccessible = (field: GraphQLField<unknown, unknown>) =>
  field.astNode?.directives?.some((directive) => directive.name.value === 'inaccessible') ?? false;
const allMutations = Object.values(supergraph.getMutationType()?.getFields() ?? {});
/** What clients can call; `@inaccessible` mutations are for subgraphs calling each other as `service`. */
const mutations = allMutations.filter((field) => !isInaccessible(field));
const internalMutations = allMutations.filter(isInaccessible);

/** A value of the right type, so the call passes GraphQL validation and reaches authorization. */
function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType);
  if (type instanceof GraphQLList) return [sample(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0]?.value;
  if (type instanceof GraphQLInputObjectType) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => field.type instanceof GraphQLNonNull)
        .map((field) => [field.name, sample(field.type)]),
    );
  }
  const scalar = (type as GraphQLScalarType).name;
  return (
    {
      Int: 1,
      Float: 1,
      Boolean: true,
      ID: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      DateTime: new Date(Date.now() + 86_400_000).toISOString(),
    }[scalar] ?? 'sample'
  );
}

function call(field: GraphQLField<unknown, unknown>) {
  const variables = Object.fromEntries(field.args.map((arg) => [arg.name, sample(arg.type)]));
  const signature = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const argumentList = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `mutation${signature ? `(${signature})` : ''} { ${field.name}${argumentList ? `(${argumentList})` : ''} { __typename } }`;
  return async (token?: string) =>
    postGraphQL(inject('gatewayUrl'), query, variables, token ? { authorization: `Bearer ${token}` } : {});
}

describe('authorization of every mutation in the supergraph', () => {
  it('has every mutation classified, and nothing classified that does not exist', () => {
    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations.map((m) => m.name).sort()).toEqual(Object.keys(MUTATION_ACCESS).sort());
  });

  it.each(internalMutations.map((m) => [m.name, m] as const))(
    'does not offer the internal %s through the gateway, even to a service token',
    async (_name, field) => {
      const response = await call(field)(await mintToken('some-service', ['service']));
      const refusals = codes(response) ?? [];
      expect(refusals.length).toBeGreaterThan(0);
      expect(new Set(refusals)).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    },
  );

  const restricted = mutations.filter((m) => MUTATION_ACCESS[m.name] !== 'anyone');

  it.each(restricted.map((m) => [m.name, m] as const))(
    'refuses %s to anonymous callers with UNAUTHENTICATED',
    async (_name, field) => {
      const response = await call(field)();
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.data?.[field.name] ?? null).toBeNull();
    },
  );

  it.each(restricted.map((m) => [m.name, m] as const))(
    'refuses %s to every role it does not allow with FORBIDDEN',
    async (_name, field) => {
      const allowed = MUTATION_ACCESS[field.name] as readonly Role[];
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const response = await call(field)(await mintToken(`caller-with-${role}`, [role]));
        expect(codes(response), `${field.name} as ${role}`).toEqual(['FORBIDDEN']);
      }
    },
  );

  it.each(mutations.filter((m) => MUTATION_ACCESS[m.name] === 'anyone').map((m) => [m.name, m] as const))(
    'lets anyone call %s (its input is still validated)',
    async (_name, field) => {
      const refusals = codes(await call(field)()) ?? [];
      expect(refusals).not.toContain('UNAUTHENTICATED');
      expect(refusals).not.toContain('FORBIDDEN');
    },
  );
});
