import { describe, expect, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { newId } from '../../../shared/ids.js';
import { freshCode } from '../../support/promotions.js';
import { as, type Caller } from '../../support/tokens.js';
import {
  asShopper,
  cartOf,
  codes,
  newProduct,
  newShopper,
  placeOrder,
  type Shopper,
  sql,
} from '../order-path/fixtures.js';

const PROMOTION_ADMIN: Caller = { subject: 'staff-promotion-e2e', roles: ['promotion_admin'] };
const ADMIN: Caller = { subject: 'staff-admin-promotion-e2e', roles: ['admin'] };

const shop = buildDemoShop();
const categoryId = (slug: string) => shop.categories.find((c) => c.slug === slug)?.id as string;
const TEA = categoryId('tea');

const FIELDS = `id code name version paused stackable priority exclusivityGroup rule endsAt
  appliesTo { productIds categoryIds }`;
const CREATE = `mutation($input: PromotionInput!, $accept: Boolean) {
  createPromotion(input: $input, acceptConflicts: $accept) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: PromotionChangesInput!, $accept: Boolean) {
  updatePromotion(id: $id, expectedVersion: $v, input: $input, acceptConflicts: $accept) { ${FIELDS} } }`;
const STATE = (change: 'pausePromotion' | 'resumePromotion' | 'endPromotion') =>
  `mutation($id: ID!, $v: Int!) { ${change}(id: $id, expectedVersion: $v) { ${FIELDS} } }`;
const VERSIONS = `query($id: ID!) { promotionVersions(promotionId: $id) { version change terms actor acceptedConflicts } }`;
const TOTALS = `query($id: ID!) { cart(id: $id) { totals {
  discountTotal { amount } promotionsConsidered { code applied amount { amount } reason } } } }`;

interface PromotionView {
  id: string;
  code: string | null;
  version: number;
  paused: boolean;
  rule: unknown;
  appliesTo: { productIds: string[]; categoryIds: string[] };
}

const startedAMinuteAgo = () => new Date(Date.now() - 60_000).toISOString();

function promotionInput(changes: Record<string, unknown> = {}) {
  return {
    code: freshCode('E2E'),
    name: 'Staff promotion',
    kind: 'PERCENTAGE',
    value: '10',
    advertised: false,
    startsAt: startedAMinuteAgo(),
    ...changes,
  };
}

async function create(changes: Record<string, unknown> = {}, caller: Caller = PROMOTION_ADMIN) {
  const response = await as<{ createPromotion: PromotionView }>(caller, CREATE, { input: promotionInput(changes) });
  expect(response.errors).toBeUndefined();
  return response.data?.createPromotion as PromotionView;
}

/**
 * A product of its own, priced in EUR, with stock: in a category of its own when one is given
 * (the demo shop's categories keep exactly their demo products for other suites), else in the
 * one newProduct uses.
 */
async function newProductIn(category: string | null, price: string): Promise<string> {
  const id = await newProduct({ prices: { EUR: price }, units: 100 });
  if (category) await sql('catalog').query('UPDATE product SET category_id = $2 WHERE id = $1', [id, category]);
  return id;
}

async function newCategory(): Promise<string> {
  const id = newId();
  await sql('catalog').query(
    `INSERT INTO category (id, slug, name, created_at, updated_at) VALUES ($1, $2, 'Test tea', now(), now())`,
    [id, `e2e-tea-${id.toLowerCase()}`],
  );
  return id;
}

async function totalsOf(shopper: Shopper, cartId: string) {
  const response = await asShopper<{
    cart: {
      totals: {
        discountTotal: { amount: string };
        promotionsConsidered: { code: string | null; applied: boolean; amount: { amount: string }; reason: string }[];
      };
    };
  }>(shopper, TOTALS, { id: cartId });
  expect(response.errors).toBeUndefined();
  return response.data?.cart.totals as NonNullable<typeof response.data>['cart']['totals'];
}

const outcome = (totals: Awaited<ReturnType<typeof totalsOf>>, code: string | null) =>
  totals.promotionsConsidered.find((p) => p.code === code);

describe('promotion staff manage promotions through the gateway', () => {
  it('a category promotion discounts only that category, at most its lines, and a non-stackable code applies alone', async () => {
    const teaCategory = await newCategory();
    const [coffee, tea] = await Promise.all([newProductIn(null, '20.00'), newProductIn(teaCategory, '3.00')]);
    const teaOff = await create({
      kind: 'FIXED_AMOUNT',
      value: '5',
      currency: 'EUR',
      stackable: true,
      minimumSubtotal: '30',
      categoryIds: [teaCategory],
    });
    expect(teaOff.appliesTo).toEqual({ productIds: [], categoryIds: [teaCategory] });
    const shopper = await newShopper();
    const cartId = await cartOf(shopper, [{ productId: coffee, quantity: 2 }], { codes: [teaOff.code as string] });
    expect(outcome(await totalsOf(shopper, cartId), teaOff.code)).toMatchObject({
      applied: false,
      reason: 'NOT_APPLICABLE',
    });

    await asShopper(shopper, 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }', {
      input: { cartId, productId: tea, quantity: 1 },
    });
    // 5 € off tea, but the tea in the cart costs 3 €.
    expect(outcome(await totalsOf(shopper, cartId), teaOff.code)).toMatchObject({
      applied: true,
      amount: { amount: '3.00' },
    });

    const tenPercent = await create({ stackable: false });
    await asShopper(
      shopper,
      'mutation($c: ID!, $code: String!) { applyPromotionCode(cartId: $c, code: $code) { id } }',
      {
        c: cartId,
        code: tenPercent.code,
      },
    );
    // 10% of 43 € (4.30) beats 3 € of tea, and a non-stackable promotion takes no partner.
    const both = await totalsOf(shopper, cartId);
    expect(both.discountTotal.amount).toBe('4.30');
    expect(outcome(both, tenPercent.code)).toMatchObject({ applied: true, amount: { amount: '4.30' } });
    expect(outcome(both, teaOff.code)).toMatchObject({ applied: false, reason: 'NOT_COMBINABLE' });

    // A code that lost is refused at checkout rather than silently dropped: the shopper removes it.
    expect(codes(await placeOrder(shopper, cartId))).toEqual(['PROMOTION_UNAVAILABLE']);
    const removed = await asShopper(
      shopper,
      'mutation($c: ID!, $code: String!) { removePromotionCode(cartId: $c, code: $code) { id } }',
      { c: cartId, code: teaOff.code },
    );
    expect(removed.errors).toBeUndefined();
    const placed = await placeOrder(shopper, cartId);
    expect(placed.errors).toBeUndefined();
    expect(placed.data?.placeOrder.discountTotal.amount).toBe('4.30');
  });

  it('changes name the version they read, and every version stays readable with who saved it', async () => {
    const created = await create({ rule: { fact: 'subtotal', operator: 'greaterThanInclusive', value: 50 } });
    expect(created.version).toBe(1);

    const stale = await as(PROMOTION_ADMIN, UPDATE, { id: created.id, v: 7, input: { name: 'Never saved' } });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ reason: 'STALE_VERSION', currentVersion: 1 });

    const badRule = await as(PROMOTION_ADMIN, UPDATE, {
      id: created.id,
      v: 1,
      input: { rule: { fact: 'shoeSize', operator: 'equal', value: 42 } },
    });
    expect(codes(badRule)).toEqual(['BAD_USER_INPUT']);
    expect(badRule.errors?.[0]?.extensions?.field).toMatch(/^input\.rule/);

    const changed = await as<{ updatePromotion: PromotionView }>(ADMIN, UPDATE, {
      id: created.id,
      v: 1,
      input: { rule: { fact: 'channel', operator: 'in', value: ['MOBILE_APP'] }, priority: 3 },
    });
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.updatePromotion).toMatchObject({ version: 2, priority: 3 });

    const history = await as<{
      promotionVersions: { version: number; change: string; terms: { rule: unknown }; actor: string }[];
    }>(PROMOTION_ADMIN, VERSIONS, { id: created.id });
    expect(history.errors).toBeUndefined();
    expect(history.data?.promotionVersions).toEqual([
      expect.objectContaining({
        version: 1,
        change: 'CREATED',
        actor: `staff:${PROMOTION_ADMIN.subject}`,
        terms: expect.objectContaining({ rule: { fact: 'subtotal', operator: 'greaterThanInclusive', value: 50 } }),
      }),
      expect.objectContaining({
        version: 2,
        change: 'UPDATED',
        actor: `staff:${ADMIN.subject}`,
        terms: expect.objectContaining({ rule: { fact: 'channel', operator: 'in', value: ['MOBILE_APP'] } }),
      }),
    ]);
  });

  it('refuses a promotion that overlaps a running one in its exclusivity group, naming it, unless the admin accepts', async () => {
    const group = `G${newId().slice(-10)}`;
    const first = await create({ exclusivityGroup: group, priority: 5, stackable: true });

    const overlapping = await as(PROMOTION_ADMIN, CREATE, {
      input: promotionInput({ exclusivityGroup: group, priority: 5, stackable: true }),
    });
    expect(codes(overlapping)).toEqual(['CONFLICT']);
    expect(overlapping.errors?.[0]?.extensions).toMatchObject({
      reason: 'OVERLAPS',
      conflictingPromotions: [{ id: first.id, code: first.code, name: 'Staff promotion' }],
    });
    expect(overlapping.errors?.[0]?.message).toContain(first.id);

    const sameCode = await as(PROMOTION_ADMIN, CREATE, {
      input: promotionInput({ code: (first.code as string).toLowerCase() }),
      accept: true,
    });
    expect(codes(sameCode)).toEqual(['CONFLICT']);
    expect(sameCode.errors?.[0]?.extensions).toMatchObject({ reason: 'CODE_TAKEN' });

    // Another priority decides the tie: no conflict.
    await create({ exclusivityGroup: group, priority: 6, stackable: true });

    const accepted = await as<{ createPromotion: PromotionView }>(PROMOTION_ADMIN, CREATE, {
      input: promotionInput({ exclusivityGroup: group, priority: 5, stackable: true }),
      accept: true,
    });
    expect(accepted.errors).toBeUndefined();
    const history = await as<{ promotionVersions: { acceptedConflicts: string[] }[] }>(PROMOTION_ADMIN, VERSIONS, {
      id: accepted.data?.createPromotion.id,
    });
    expect(history.data?.promotionVersions[0]?.acceptedConflicts).toEqual([first.id]);
  });

  it('a paused promotion applies to nothing until resumed, and an ended one never again', async () => {
    const product = await newProductIn(null, '10.00');
    const promotion = await create();
    const shopper = await newShopper();
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }], { codes: [promotion.code as string] });
    expect(outcome(await totalsOf(shopper, cartId), promotion.code)).toMatchObject({ applied: true });

    const paused = await as<{ pausePromotion: PromotionView }>(PROMOTION_ADMIN, STATE('pausePromotion'), {
      id: promotion.id,
      v: 1,
    });
    expect(paused.data?.pausePromotion).toMatchObject({ paused: true, version: 2 });
    expect(outcome(await totalsOf(shopper, cartId), promotion.code)).toMatchObject({
      applied: false,
      reason: 'PAUSED',
    });
    const refused = await placeOrder(shopper, cartId);
    expect(codes(refused)).toEqual(['PROMOTION_UNAVAILABLE']);

    const again = await as(PROMOTION_ADMIN, STATE('pausePromotion'), { id: promotion.id, v: 2 });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'WRONG_STATE' });

    await as(PROMOTION_ADMIN, STATE('resumePromotion'), { id: promotion.id, v: 2 });
    expect(outcome(await totalsOf(shopper, cartId), promotion.code)).toMatchObject({ applied: true });

    const ended = await as<{ endPromotion: PromotionView }>(PROMOTION_ADMIN, STATE('endPromotion'), {
      id: promotion.id,
      v: 3,
    });
    expect(ended.errors).toBeUndefined();
    expect(outcome(await totalsOf(shopper, cartId), promotion.code)).toMatchObject({ applied: false, reason: 'ENDED' });
    const changeEnded = await as(PROMOTION_ADMIN, UPDATE, { id: promotion.id, v: 4, input: { name: 'Revived' } });
    expect(changeEnded.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'WRONG_STATE' });
  });

  it('dry-runs a rule on sample carts without saving anything', async () => {
    const DRY_RUN = `query($input: PromotionChangesInput!, $carts: [SampleCartInput!]!) {
      dryRunPromotion(input: $input, carts: $carts) {
        subtotal { amount } discountTotal { amount } considered { promotionId code applied amount { amount } reason }
      } }`;
    const code = freshCode('DRY');
    const before = await sql('promotion').query('SELECT count(*)::int AS n FROM promotion');
    const teaLine = { productId: newId(), categoryId: TEA, quantity: 2, unitPrice: '4.50' };
    const coffeeLine = { productId: newId(), categoryId: categoryId('coffee'), quantity: 1, unitPrice: '12.00' };
    const response = await as<{
      dryRunPromotion: {
        discountTotal: { amount: string };
        considered: {
          promotionId: string | null;
          code: string;
          applied: boolean;
          amount: { amount: string };
          reason: string;
        }[];
      }[];
    }>(PROMOTION_ADMIN, DRY_RUN, {
      input: {
        code,
        name: 'VIP tea',
        kind: 'PERCENTAGE',
        value: '50',
        startsAt: startedAMinuteAgo(),
        categoryIds: [TEA],
        rule: { fact: 'segments', operator: 'contains', value: 'VIP' },
      },
      carts: [
        { currency: 'EUR', lines: [teaLine, coffeeLine], segments: ['VIP'] },
        { currency: 'EUR', lines: [teaLine], segments: null },
        { currency: 'EUR', lines: [coffeeLine], segments: ['VIP'] },
      ],
    });
    expect(response.errors).toBeUndefined();
    const tried = response.data?.dryRunPromotion.map((cart) => cart.considered.find((c) => c.code === code));
    expect(tried).toEqual([
      { promotionId: null, code, applied: true, amount: { amount: '4.50' }, reason: null },
      { promotionId: null, code, applied: false, amount: { amount: '0.00' }, reason: 'RULE_NOT_MET' },
      { promotionId: null, code, applied: false, amount: { amount: '0.00' }, reason: 'NOT_APPLICABLE' },
    ]);
    const after = await sql('promotion').query('SELECT count(*)::int AS n FROM promotion');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
