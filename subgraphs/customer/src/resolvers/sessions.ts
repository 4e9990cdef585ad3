import { GraphQLError } from 'graphql';
import { customerIdOf } from '../../../../shared/auth/identity.js';
import { badUserInput, ErrorCode, notFound } from '../../../../shared/errors.js';
import { parseInput, password, z } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import {
  changePasswordAndRestartSessions,
  findRefreshToken,
  revokeFamily,
  rotateRefreshToken,
} from '../data/refresh-tokens.js';
import { hashPassword, verifyPassword } from '../domain/passwords.js';
import { decideRefresh, REFRESH_TOKEN_PATTERN, type RefreshRefusal } from '../domain/refresh-tokens.js';
import type { MutationResolvers } from '../generated/graphql.js';
import { signedIn } from './signed-in.js';

const REFUSAL_MESSAGES: Record<RefreshRefusal, string> = {
  REFRESH_TOKEN_MISSING: 'No refresh token was given; sign in',
  REFRESH_TOKEN_INVALID: 'Unknown refresh token; sign in',
  REFRESH_TOKEN_EXPIRED: 'The session has expired; sign in again',
  REFRESH_TOKEN_REVOKED: 'The session has ended; sign in again',
  REFRESH_TOKEN_REUSED: 'This refresh token was already used, so every session of its sign-in has ended; sign in again',
};

/** UNAUTHENTICATED, with why in `extensions.reason` (a client may tell a user their session was taken over). */
function sessionRefused(reason: RefreshRefusal): GraphQLError {
  return new GraphQLError(REFUSAL_MESSAGES[reason], { extensions: { code: ErrorCode.UNAUTHENTICATED, reason } });
}

/** The token an operation acts on: its argument, else the one the gateway read from the cookie. */
function presentedToken(argument: string | null | undefined, context: Context) {
  const fromCookie = argument === null || argument === undefined;
  return { token: fromCookie ? context.cookieRefreshToken : argument, fromCookie };
}

const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(256),
  newPassword: password,
});

export const sessionMutations: MutationResolvers = {
  refreshSession: async (_parent, args, context) => {
    const { db, clientIp, refreshThrottle, sessionLifetime } = context;
    const { token, fromCookie } = presentedToken(args.refreshToken, context);
    const refuse = (reason: RefreshRefusal) => {
      // A cookie whose token is no good is cleared, so the browser stops sending it.
      if (fromCookie) context.announceRefreshTokenCleared();
      return sessionRefused(reason);
    };
    if (!token) throw refuse('REFRESH_TOKEN_MISSING');
    await refreshThrottle.check(clientIp);
    if (!REFRESH_TOKEN_PATTERN.test(token)) {
      await refreshThrottle.recordGuess(clientIp);
      if (fromCookie) throw refuse('REFRESH_TOKEN_INVALID');
      throw badUserInput('refreshToken must be a refresh token as signIn answered it', 'refreshToken');
    }

    const now = new Date();
    const stored = await findRefreshToken(db, token);
    const decision = decideRefresh(stored, now);
    if (decision.action === 'refuse' || !stored) {
      const reason = decision.action === 'refuse' ? decision.reason : 'REFRESH_TOKEN_INVALID';
      if (reason === 'REFRESH_TOKEN_INVALID') await refreshThrottle.recordGuess(clientIp);
      if (stored && decision.action === 'refuse' && decision.revokeFamily) {
        await revokeFamily(db, stored.familyId, 'REUSED', now);
      }
      throw refuse(reason);
    }
    const next = await rotateRefreshToken(db, stored, now, sessionLifetime);
    if (!next) {
      // Another refresh with this very token won the race: one of the two holds a copy.
      await revokeFamily(db, stored.familyId, 'REUSED', now);
      throw refuse('REFRESH_TOKEN_REUSED');
    }
    const customer = await context.loaders.customerById.load(stored.customerId);
    if (!customer) throw refuse('REFRESH_TOKEN_REVOKED');
    return signedIn(customer, context, next, { refreshTokenInAnswer: !fromCookie });
  },

  signOut: async (_parent, args, context) => {
    const { token, fromCookie } = presentedToken(args.refreshToken, context);
    // Whatever the token, the browser forgets its cookie.
    context.announceRefreshTokenCleared();
    if (!token) return { sessionEnded: false };
    if (!REFRESH_TOKEN_PATTERN.test(token)) {
      if (fromCookie) return { sessionEnded: false };
      throw badUserInput('refreshToken must be a refresh token as signIn answered it', 'refreshToken');
    }
    const stored = await findRefreshToken(context.db, token);
    if (!stored) return { sessionEnded: false };
    return { sessionEnded: (await revokeFamily(context.db, stored.familyId, 'SIGNED_OUT', new Date())) > 0 };
  },

  changePassword: async (_parent, args, context) => {
    const { db, identity, clientIp, signInThrottle } = context;
    const customerId = customerIdOf(identity) as string; // the shield rule requires a customer
    const { currentPassword, newPassword } = parseInput(changePasswordInput, args);
    if (newPassword === currentPassword) {
      throw badUserInput('newPassword must differ from the current password', 'newPassword');
    }
    const customer = await context.loaders.customerById.load(customerId);
    if (!customer) throw notFound('No such customer');
    // Throttled like sign-ins: a stolen access token must not make guessing the password faster.
    await signInThrottle.check(customer.email, clientIp);
    if (!(await verifyPassword(customer.passwordHash, currentPassword))) {
      await signInThrottle.recordFailure(customer.email, clientIp);
      throw badUserInput('currentPassword is not the current password', 'currentPassword');
    }
    await signInThrottle.recordSuccess(customer.email, clientIp);
    const refresh = await changePasswordAndRestartSessions(
      db,
      customerId,
      await hashPassword(newPassword),
      new Date(),
      context.sessionLifetime,
    );
    return signedIn(customer, context, refresh, { refreshTokenInAnswer: true });
  },
};
