import { customerActor, staffActor } from '../../../../shared/auth/audit-actor.js';
import { customerIdOf } from '../../../../shared/auth/identity.js';
import { badUserInput, conflict, notFound } from '../../../../shared/errors.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import { eraseCustomerRecord } from '../data/erasure.js';
import { erasureRequest } from '../domain/erasure.js';
import { verifyPassword } from '../domain/passwords.js';
import type { MutationResolvers } from '../generated/graphql.js';

const NO_SUCH_CUSTOMER = 'No such customer';

export const erasureMutations: MutationResolvers = {
  eraseCustomer: async (_parent, args, context) => {
    const { db, identity } = context;
    const decision = erasureRequest(
      { customerId: customerIdOf(identity), isAdmin: identity.roles.includes('admin') },
      { customerId: args.customerId, password: args.password },
    );
    if (!decision.ok) {
      if (decision.error === 'CUSTOMER_ID_REQUIRED')
        throw badUserInput('customerId is required: name the customer to erase', 'customerId');
      if (decision.error === 'PASSWORD_REQUIRED')
        throw badUserInput('Confirm the erasure with your password', 'password');
      throw notFound(NO_SUCH_CUSTOMER);
    }
    const { request } = decision;
    const customerId = parseInput(ulid, request.customerId, 'customerId');
    let actor = staffActor(identity.subject as string);
    if (request.by === 'customer') {
      actor = customerActor(customerId);
      const customer = await db.customer.findUnique({ where: { id: customerId } });
      if (!customer) throw notFound(NO_SUCH_CUSTOMER);
      // Throttled as sign-ins are: the password is checked the same way.
      await context.signInThrottle.check(customer.email, context.clientIp);
      if (!(await verifyPassword(customer.passwordHash, request.password))) {
        await context.signInThrottle.recordFailure(customer.email, context.clientIp);
        throw badUserInput('The password is not right', 'password');
      }
    }
    const outcome = await eraseCustomerRecord(db, customerId, actor, context.requestId, (erasedAt) =>
      context.revokeAccessTokens(customerId, erasedAt),
    );
    if (!outcome.erased) {
      if (outcome.reason === 'NOT_FOUND') throw notFound(NO_SUCH_CUSTOMER);
      throw conflict('This customer has been erased already', { reason: 'ALREADY_ERASED' });
    }
    context.loaders.customerById.clear(customerId);
    return { customerId, erasedAt: outcome.erasedAt };
  },
};
