import { GraphQLError } from 'graphql';
import { staffActor } from '../../../../shared/auth/audit-actor.js';
import { isRole } from '../../../../shared/auth/roles.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { badUserInput, conflict, ErrorCode, notFound } from '../../../../shared/errors.js';
import { email, parseInput, password, shortText, ulid, z } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import {
  acceptInvitation,
  changeStaff,
  createInvitation,
  findStaff,
  findStaffByEmail,
  invitationRefusal,
  listStaff,
  recordSignIn,
  staffAuditOf,
} from '../data/staff.js';
import { hashPassword, verifyPassword } from '../domain/passwords.js';
import {
  hashInvitationToken,
  INVITATION_TOKEN,
  maySignIn,
  newInvitationToken,
  type StaffChange,
  staffRolesFrom,
} from '../domain/staff-accounts.js';
import { checkTotpCode, newTotpSecret, totpUri } from '../domain/staff-totp.js';
import { openTotpSecret, sealTotpSecret } from '../domain/totp-secret-sealing.js';
import type { MutationResolvers, QueryResolvers, StaffMemberResolvers } from '../generated/graphql.js';

/** One answer for every failure: it must not reveal who works here, nor which factor was wrong. */
const WRONG_CREDENTIALS = 'Wrong e-mail address, password or code';
const NO_SUCH_MEMBER = 'No such staff member';

const inviteInput = z.object({ email, name: shortText(100), roles: z.array(z.string()).min(1).max(10) });
const acceptInput = z.object({ token: z.string(), password });
const signInInput = z.object({
  email,
  password: z.string().min(1, 'must not be empty').max(256),
  code: z.string().max(16),
});

function staffRoles(given: readonly string[], field: string) {
  const outcome = staffRolesFrom(given);
  if (!outcome.ok) {
    throw badUserInput(
      `Not staff roles: ${outcome.unknown.join(', ')} (one of support, catalog_admin, pricing_admin, promotion_admin, warehouse_admin, order_admin, moderator, admin)`,
      field,
    );
  }
  if (outcome.roles.length === 0) throw badUserInput('Name at least one role', field);
  return outcome.roles;
}

const INVITATION_REFUSALS = {
  USED: 'This invitation has been used already',
  EXPIRED: 'This invitation has expired: ask an admin for a new one',
  INVALID: 'This is not a valid invitation',
} as const;

function invitationRefused(reason: keyof typeof INVITATION_REFUSALS): GraphQLError {
  return new GraphQLError(INVITATION_REFUSALS[reason], {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'input.token', reason: `INVITATION_${reason}` },
  });
}

const CHANGE_REFUSALS = {
  SELF_DEACTIVATION: 'You cannot deactivate your own account: ask another admin',
  OWN_ADMIN_ROLE: 'You cannot take away your own admin role: ask another admin',
  NO_ROLES_LEFT: 'A staff member keeps at least one role: deactivate the account instead',
  DEACTIVATED: 'This account is deactivated and cannot be changed',
  SELF_REINVITATION: 'You cannot re-invite yourself: ask another admin',
} as const;

async function applyChange(
  context: Context,
  staffIdArg: string,
  change: StaffChange,
  invitation?: { tokenHash: Uint8Array<ArrayBuffer>; expiresAt: Date },
) {
  const staffId = parseInput(ulid, staffIdArg, 'staffId');
  const subject = context.identity.subject as string; // the shield rule requires an admin
  const outcome = await changeStaff(
    context.db,
    { id: subject, audit: staffActor(subject) },
    staffId,
    change,
    context.requestId,
    (at) => context.revokeAccessTokens(staffId, at),
    invitation,
  );
  if (outcome.changed) return outcome.staff;
  if (outcome.reason === 'NOT_FOUND') throw notFound(NO_SUCH_MEMBER);
  throw conflict(CHANGE_REFUSALS[outcome.reason], { reason: outcome.reason });
}

/**
 * Access tokens carry `iat` in whole seconds, and a revocation refuses every token issued in its
 * second: a member signing in again within the second their tokens were revoked would get a token
 * that is refused at once. Waiting for the next second (at most one) gives them a working one.
 */
async function pastRevocationSecond(revokedAt: Date | null): Promise<void> {
  if (!revokedAt) return;
  const nextSecond = (Math.floor(revokedAt.getTime() / 1000) + 1) * 1000;
  // Checked against the clock, not trusted to the timer, which may fire a millisecond early.
  while (Date.now() < nextSecond) await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now() + 2));
}

export const staffQueries: QueryResolvers = {
  staffMembers: (_parent, _args, { db }) => listStaff(db),
  staffMember: (_parent, args, { db }) => findStaff(db, parseInput(ulid, args.id, 'id')),
  staffAudit: (_parent, args, { db }) => staffAuditOf(db, parseInput(ulid, args.staffId, 'staffId')),
};

export const staffMutations: MutationResolvers = {
  inviteStaff: async (_parent, args, context) => {
    const input = parseInput(inviteInput, args.input, 'input');
    const roles = staffRoles(input.roles, 'input.roles');
    const token = newInvitationToken();
    const expiresAt = new Date(Date.now() + context.staff.invitationTtlSeconds * 1000);
    const outcome = await createInvitation(
      context.db,
      { email: input.email, name: input.name, roles },
      { tokenHash: hashInvitationToken(token), expiresAt },
      staffActor(context.identity.subject as string),
      context.requestId,
    );
    if (!outcome.invited)
      throw conflict('A staff account with this e-mail address exists already', { field: 'input.email' });
    return { staff: outcome.staff, invitationToken: token, expiresAt };
  },

  acceptStaffInvitation: async (_parent, args, context) => {
    const input = parseInput(acceptInput, args.input, 'input');
    if (!INVITATION_TOKEN.test(input.token)) throw invitationRefused('INVALID');
    const tokenHash = hashInvitationToken(input.token);
    const refusal = await invitationRefusal(context.db, tokenHash);
    if (refusal !== null) throw invitationRefused(refusal);
    const totpSecret = newTotpSecret();
    const outcome = await acceptInvitation(
      context.db,
      tokenHash,
      await hashPassword(input.password),
      (staffId) => sealTotpSecret(totpSecret, staffId, context.staff.totpKey),
      context.requestId,
    );
    if (!outcome.accepted) throw invitationRefused(outcome.reason);
    return { staff: outcome.staff, totpUri: totpUri(totpSecret, outcome.staff.email) };
  },

  staffSignIn: async (_parent, args, context) => {
    const { email: address, password: given, code } = parseInput(signInInput, args.input, 'input');
    // Counted apart from a customer account with the same address; the per-address limit is shared.
    const throttleKey = `staff:${address}`;
    await context.signInThrottle.check(throttleKey, context.clientIp);
    const staff = await findStaffByEmail(context.db, address);
    // The password is checked whatever else is wrong, so every refusal takes as long.
    const passwordMatches = await verifyPassword(staff?.passwordHash ?? null, given);
    let signedIn = null;
    const totpSecret = staff?.totpSecret ? openTotpSecret(staff.totpSecret, staff.id, context.staff.totpKey) : null;
    if (staff && totpSecret && passwordMatches && maySignIn(staff)) {
      const totp = await checkTotpCode(totpSecret, code, Math.floor(Date.now() / 1000), staff.totpLastStep);
      if (totp.ok) signedIn = await recordSignIn(context.db, staff.id, totp.step, context.requestId);
    }
    if (!signedIn) {
      await context.signInThrottle.recordFailure(throttleKey, context.clientIp);
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    await context.signInThrottle.recordSuccess(throttleKey, context.clientIp);
    await pastRevocationSecond(signedIn.tokensRevokedAt);
    const accessToken = await context.tokens.sign(signedIn.id, signedIn.roles.filter(isRole));
    // The rest of the operation (and its answer) runs as the member just signed in.
    context.announceIssuedToken(accessToken);
    return {
      accessToken,
      expiresAt: new Date(Date.now() + context.tokens.ttlSeconds * 1000),
      staff: signedIn,
    };
  },

  grantStaffRoles: (_parent, args, context) =>
    applyChange(context, args.staffId, { kind: 'GRANT_ROLES', roles: staffRoles(args.roles, 'roles') }),
  revokeStaffRoles: (_parent, args, context) =>
    applyChange(context, args.staffId, { kind: 'REVOKE_ROLES', roles: staffRoles(args.roles, 'roles') }),
  deactivateStaff: (_parent, args, context) => applyChange(context, args.staffId, { kind: 'DEACTIVATE' }),
  reinviteStaff: async (_parent, args, context) => {
    const token = newInvitationToken();
    const expiresAt = new Date(Date.now() + context.staff.invitationTtlSeconds * 1000);
    const staff = await applyChange(
      context,
      args.staffId,
      { kind: 'REINVITE' },
      { tokenHash: hashInvitationToken(token), expiresAt },
    );
    return { staff, invitationToken: token, expiresAt };
  },
};

export const staffMemberFields: StaffMemberResolvers = {
  roles: (staff) => staff.roles.filter(isRole),
  status: (staff) => staff.status as 'INVITED' | 'ACTIVE' | 'DEACTIVATED',
};
