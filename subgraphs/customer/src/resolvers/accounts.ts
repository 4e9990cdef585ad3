import { customerIdOf } from '../../../../shared/auth/identity.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { conflict, notFound } from '../../../../shared/errors.js';
import { parseInput, z } from '../../../../shared/validation.js';
import { createAccount, findByEmail, updateProfileAtVersion } from '../data/accounts.js';
import { startSession } from '../data/refresh-tokens.js';
import { hashPassword, verifyPassword } from '../domain/passwords.js';
import { requestedValues } from '../domain/preferences.js';
import { profileChanges, registerInput, signInInput } from '../domain/profile-input.js';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import { signedIn } from './signed-in.js';

const guestCartInput = z.object({ id: z.string().min(1).max(64), token: z.string().min(1).max(128) }).nullish();

/** One message for unknown e-mail and wrong password: the answer must not reveal who has an account. */
const WRONG_CREDENTIALS = 'Wrong e-mail address or password';

const customerIdArgs = z.object({ customerId: z.string().min(1).max(64) });

export const accountQueries: QueryResolvers = {
  me: (_parent, _args, { identity, loaders }) => {
    const id = customerIdOf(identity);
    return id ? loaders.customerById.load(id) : null;
  },
  // For the review subgraph (service role), which may take reviews only from older accounts.
  customerSince: async (_parent, args, { loaders }) => {
    const { customerId } = parseInput(customerIdArgs, args);
    return (await loaders.customerById.load(customerId))?.createdAt ?? null;
  },
};

export const accountMutations: MutationResolvers = {
  register: async (_parent, { input, guestCart }, context) => {
    const { preferences, ...account } = input;
    const { password, ...profile } = parseInput(registerInput, account, 'input');
    // Checked before the account exists: a bad guest cart or preference must not leave an account behind.
    const given = preferences == null ? null : requestedValues(preferences, 'input.preferences');
    const cart = parseInput(guestCartInput, guestCart, 'guestCart');
    const customer = await createAccount(context.db, profile, await hashPassword(password), {
      preferences: given,
      requestId: context.requestId,
    });
    const refresh = await startSession(context.db, customer.id, new Date(), context.sessionLifetime);
    return signedIn(customer, context, refresh, { guestCart: cart, refreshTokenInAnswer: true });
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
    const cart = parseInput(guestCartInput, args.guestCart, 'guestCart');
    const refresh = await startSession(context.db, customer.id, new Date(), context.sessionLifetime);
    return signedIn(customer, context, refresh, { guestCart: cart, refreshTokenInAnswer: true });
  },

  updateProfile: async (_parent, args, { db, identity, segments }) => {
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
    await segments.dropCached(customerId);
    return outcome;
  },
};
