import { customerIdOf } from '../../../../shared/auth/identity.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { conflict, notFound } from '../../../../shared/errors.js';
import { parseInput, z } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { createAccount, findByEmail, updateProfileAtVersion } from '../data/accounts.js';
import { hashPassword, verifyPassword } from '../domain/passwords.js';
import { profileChanges, registerInput, signInInput } from '../domain/profile-input.js';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import type { Customer } from '../generated/prisma/client.js';

const guestCartInput = z.object({ id: z.string().min(1).max(64), token: z.string().min(1).max(128) }).nullish();
type GuestCart = z.output<typeof guestCartInput>;

async function signedIn(customer: Customer, context: Context, cart: GuestCart) {
  const { tokens } = context;
  context.signedInCustomerId = customer.id;
  const accessToken = await tokens.sign(customer.id, ['customer']);
  const guestCartMerged = cart ? await context.mergeGuestCart(cart, accessToken) : false;
  // Announced once the guest cart is merged: the fields of the payload the gateway resolves next
  // (Customer.cart, orders, reviews) see the customer as they now are, with this token.
  context.announceIssuedToken(accessToken);
  return { accessToken, expiresAt: new Date(Date.now() + tokens.ttlSeconds * 1000), customer, guestCartMerged };
}

/** One message for unknown e-mail and wrong password: the answer must not reveal who has an account. */
const WRONG_CREDENTIALS = 'Wrong e-mail address or password';

export const accountQueries: QueryResolvers = {
  me: (_parent, _args, { identity, loaders }) => {
    const id = customerIdOf(identity);
    return id ? loaders.customerById.load(id) : null;
  },
};

export const accountMutations: MutationResolvers = {
  register: async (_parent, { input, guestCart }, context) => {
    const { password, ...profile } = parseInput(registerInput, input, 'input');
    // Checked before the account exists: a bad guest cart must not leave an account behind.
    const cart = parseInput(guestCartInput, guestCart, 'guestCart');
    return signedIn(await createAccount(context.db, profile, await hashPassword(password)), context, cart);
  },

  signIn: async (_parent, args, context) => {
    const { email, password } = parseInput(signInInput, args);
    await context.signInThrottle.check(email, context.clientIp);
    const customer = await findByEmail(context.db, email);
    if (!customer || !(await verifyPassword(customer.passwordHash, password))) {
      await context.signInThrottle.recordFailure(email, context.clientIp);
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    await context.signInThrottle.recordSuccess(email, context.clientIp);
    return signedIn(customer, context, parseInput(guestCartInput, args.guestCart, 'guestCart'));
  },

  updateProfile: async (_parent, args, { db, identity }) => {
    const customerId = customerIdOf(identity) as string; // the shield rule requires a customer
    const changes = parseInput(profileChanges, args.input, 'input');
    const expectedVersion = parseInput(z.number().int().min(1), args.expectedVersion, 'expectedVersion');
    const outcome = await updateProfileAtVersion(db, customerId, expectedVersion, changes);
    if (!outcome) throw notFound('No such customer');
    if ('currentVersion' in outcome) {
      throw conflict(`The profile changed since version ${expectedVersion}; reload it and try again`, {
        currentVersion: outcome.currentVersion,
      });
    }
    return outcome;
  },
};
