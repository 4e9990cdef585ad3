import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { postGraphQL } from '../../support/graphql.js';
import { createGuestCart, insertLines, productAt, storedCart, storedCartsOf, storedLines } from './carts.js';

const PASSWORD = 'correct horse battery staple';
const REGISTER = `mutation($input: RegisterInput!, $guestCart: GuestCartInput) {
  register(input: $input, guestCart: $guestCart) { accessToken guestCartMerged customer { id } }
}`;
const SIGN_IN = `mutation($email: String!, $password: String!, $guestCart: GuestCartInput) {
  signIn(email: $email, password: $password, guestCart: $guestCart) { accessToken guestCartMerged customer { id } }
}`;

interface SignedIn {
  accessToken: string;
  guestCartMerged: boolean;
  customer: { id: string };
}

const gateway = (query: string, variables: Record<string, unknown>) =>
  postGraphQL(inject('gatewayUrl'), query, variables);

describe('signing in with a guest cart', () => {
  it('merges the guest cart into the new account when registering', async () => {
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(1)]: 2 });
    const response = await gateway(REGISTER, {
      input: { email: `guest-${randomUUID()}@example.com`, password: PASSWORD, name: 'Gus Guest' },
      guestCart: guest,
    });
    const { register } = response.data as unknown as { register: SignedIn };
    expect(register.guestCartMerged).toBe(true);
    const [cart] = await storedCartsOf(register.customer.id);
    expect((await storedLines(cart?.id ?? '')).quantities).toEqual({ [productAt(1)]: 2 });
    expect(await storedCart(guest.id)).toBeNull();
  });

  it('merges it on sign-in, and the spent token merges nothing the second time', async () => {
    const email = `guest-${randomUUID()}@example.com`;
    await gateway(REGISTER, { input: { email, password: PASSWORD, name: 'Rita Returning' } });
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(2)]: 1, [productAt(3)]: 4 });

    const first = (await gateway(SIGN_IN, { email, password: PASSWORD, guestCart: guest })).data as unknown as {
      signIn: SignedIn;
    };
    expect(first.signIn.guestCartMerged).toBe(true);
    const [cart] = await storedCartsOf(first.signIn.customer.id);
    expect((await storedLines(cart?.id ?? '')).quantities).toEqual({ [productAt(2)]: 1, [productAt(3)]: 4 });

    const again = await gateway(SIGN_IN, { email, password: PASSWORD, guestCart: guest });
    expect(again.errors).toBeUndefined();
    expect((again.data as unknown as { signIn: SignedIn }).signIn.guestCartMerged).toBe(false);
  });

  it('still signs in with a wrong cart token, merging nothing and leaving the guest cart alone', async () => {
    const email = `guest-${randomUUID()}@example.com`;
    await gateway(REGISTER, { input: { email, password: PASSWORD, name: 'Wanda Wrongtoken' } });
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(4)]: 1 });
    const response = await gateway(SIGN_IN, {
      email,
      password: PASSWORD,
      guestCart: { id: guest.id, token: 'x'.repeat(43) },
    });
    expect((response.data as unknown as { signIn: SignedIn }).signIn.guestCartMerged).toBe(false);
    expect(await storedCart(guest.id)).not.toBeNull();
  });
});
