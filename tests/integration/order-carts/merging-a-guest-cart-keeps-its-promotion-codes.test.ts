import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { postGraphQL } from '../../support/graphql.js';
import { givenPromotion, promotionDb } from '../../support/promotions.js';
import {
  as,
  type Caller,
  createCart,
  createGuestCart,
  insertLines,
  newCustomer,
  productAt,
  storedCartsOf,
} from './carts.js';

const APPLY = `mutation($cartId: ID!, $code: String!, $cartToken: String) {
  applyPromotionCode(cartId: $cartId, code: $code, cartToken: $cartToken) { promotionCodes }
}`;
const MERGE = `mutation($id: ID!, $token: String!) {
  mergeGuestCart(cartId: $id, cartToken: $token) { id promotionCodes totals { rejectedCodes { code reason } } }
}`;
const CART = 'query($id: ID!) { cart(id: $id) { promotionCodes totals { rejectedCodes { code reason } } } }';

interface MergedView {
  id: string;
  promotionCodes: string[];
  totals: { rejectedCodes: { code: string; reason: string }[] };
}

/** Puts codes on a cart through the API: a guest's with its token, a customer's as them. */
async function applyCodes(caller: Caller | null, cartId: string, codes: string[], cartToken?: string) {
  for (const code of codes) {
    const response = await as(caller, APPLY, { cartId, code, cartToken });
    expect(response.errors).toBeUndefined();
  }
}

const runningCode = async () => (await givenPromotion({ stackable: true })).code as string;
/** A code that stays on a cart without applying: its minimum is far above any test cart. */
const farMinimumCode = async () =>
  (
    await givenPromotion({
      kind: 'FIXED_AMOUNT',
      value: '5',
      currency: 'EUR',
      minimumSubtotal: '100000',
      stackable: true,
    })
  ).code as string;

describe('merging a guest cart', () => {
  it('keeps its codes after the customer’s, re-checked, up to 5; the answer names the codes it did not keep and why', async () => {
    const customer = newCustomer();
    const { cart } = await createCart(customer);
    const [a, b, shared] = [await runningCode(), await runningCode(), await runningCode()];
    await applyCodes(customer, cart.id, [a, b, shared]);

    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(0)]: 1 });
    const ended = await givenPromotion({ stackable: true });
    const [below, fits, beyond] = [await farMinimumCode(), await runningCode(), await runningCode()];
    await applyCodes(null, guest.id, [shared, ended.code as string, below, fits, beyond], guest.token);
    // The promotion ends while the code sits on the guest cart: it no longer applies anywhere.
    await promotionDb().promotion.update({ where: { id: ended.id }, data: { endsAt: new Date(Date.now() - 1000) } });

    const response = await as<{ mergeGuestCart: MergedView }>(customer, MERGE, { id: guest.id, token: guest.token });
    expect(response.errors).toBeUndefined();
    const merged = response.data?.mergeGuestCart;
    expect(merged?.id).toBe(cart.id);
    // The customer's codes stay, the shared one once, the guest's follow in their order while there is room.
    expect(merged?.promotionCodes).toEqual([a, b, shared, below, fits]);
    expect(merged?.totals.rejectedCodes).toEqual(
      expect.arrayContaining([
        { code: ended.code, reason: 'ENDED' },
        { code: beyond, reason: 'CODE_LIMIT_REACHED' },
        // Kept: it may apply once the cart is large enough, and says why it does not now.
        { code: below, reason: 'MINIMUM_NOT_MET' },
      ]),
    );

    // Reading the cart again shows what it holds: the kept codes, re-checked as on every read.
    const read = await as<{ cart: MergedView }>(customer, CART, { id: cart.id });
    expect(read.data?.cart.promotionCodes).toEqual([a, b, shared, below, fits]);
    expect(read.data?.cart.totals.rejectedCodes.map((rejected) => rejected.code)).not.toContain(beyond);
  });

  it('keeps them when registering with the guest cart', async () => {
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(1)]: 1 });
    const [first, second] = [await runningCode(), await farMinimumCode()];
    await applyCodes(null, guest.id, [first, second], guest.token);

    const response = await postGraphQL<{ register: { guestCartMerged: boolean; customer: { id: string } } }>(
      inject('gatewayUrl'),
      `mutation($input: RegisterInput!, $guestCart: GuestCartInput) {
        register(input: $input, guestCart: $guestCart) { guestCartMerged customer { id } }
      }`,
      {
        input: { email: `codes-${randomUUID()}@example.com`, password: 'correct horse battery staple', name: 'Cody' },
        guestCart: guest,
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.register.guestCartMerged).toBe(true);
    const customer: Caller = { subject: response.data?.register.customer.id as string, roles: ['customer'] };
    const [stored] = await storedCartsOf(customer.subject);
    const read = await as<{ cart: MergedView }>(customer, CART, { id: stored?.id });
    expect(read.data?.cart.promotionCodes).toEqual([first, second]);
  });
});
