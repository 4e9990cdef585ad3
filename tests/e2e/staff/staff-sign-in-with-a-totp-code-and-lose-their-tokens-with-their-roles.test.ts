import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { generate } from 'otplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { codes, type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';

/**
 * Staff accounts through the gateway: an admin invites, the member accepts with a password and
 * enrols an authenticator, and signs in with e-mail, password and a code computed here from the
 * enrolment URI's secret. What an admin takes away (a role, the account) stops the member's
 * tokens at once, and every change is in the audit with who made it and in which request.
 */

const PERIOD = 30;
const MEMBER = 'id email name roles status version createdAt';
const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { staff { ${MEMBER} } invitationToken expiresAt } }`;
const ACCEPT = `mutation($input: AcceptStaffInvitationInput!) { acceptStaffInvitation(input: $input) { totpUri staff { ${MEMBER} } } }`;
const SIGN_IN = `mutation($input: StaffSignInInput!) { staffSignIn(input: $input) { accessToken expiresAt staff { ${MEMBER} } } }`;
const REVOKE = `mutation($id: ID!, $roles: [String!]!) { revokeStaffRoles(staffId: $id, roles: $roles) { ${MEMBER} } }`;
const GRANT = `mutation($id: ID!, $roles: [String!]!) { grantStaffRoles(staffId: $id, roles: $roles) { ${MEMBER} } }`;
const REINVITE = `mutation($id: ID!) { reinviteStaff(staffId: $id) { staff { ${MEMBER} } invitationToken expiresAt } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateStaff(staffId: $id) { ${MEMBER} } }`;
const MEMBER_QUERY = `query($id: ID!) { staffMember(id: $id) { ${MEMBER} } }`;
const AUDIT = 'query($id: ID!) { staffAudit(staffId: $id) { staffId actor action details requestId at } }';
// Support reads customers' records.
const CUSTOMER_QUERY = 'query($id: ID!) { customer(id: $id) { id name } }';

interface Member {
  id: string;
  email: string;
  roles: string[];
  status: string;
  version: number;
}

const password = 'a long staff password';
const demoCustomer = buildDemoShop().customers[0]?.id as string;
const ADMIN_SUBJECT = `admin-${randomUUID()}`;
let adminToken = '';

const newRequestId = () => `staff-test-${randomUUID()}`;

async function send<T = Record<string, unknown>>(
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  requestId = newRequestId(),
): Promise<GraphQLResponse<T>> {
  return postGraphQL<T>(inject('gatewayUrl'), query, variables, {
    'x-request-id': requestId,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
}

const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@staff.example`;

async function invite(roles: string[], requestId?: string) {
  const email = uniqueEmail('member');
  const response = await send<{ inviteStaff: { staff: Member; invitationToken: string; expiresAt: string } }>(
    adminToken,
    INVITE,
    { input: { email, name: 'New Member', roles } },
    requestId,
  );
  expect(response.errors, JSON.stringify(response)).toBeUndefined();
  return response.data?.inviteStaff as { staff: Member; invitationToken: string; expiresAt: string };
}

async function accept(token: string, requestId?: string) {
  return send<{ acceptStaffInvitation: { totpUri: string; staff: Member } }>(
    null,
    ACCEPT,
    { input: { token, password } },
    requestId,
  );
}

/**
 * A code the server has not accepted yet: the earliest step of the window (now ± one step) after
 * the last one used, never in a step's last seconds (it could roll over on the way).
 */
async function freshCode(secret: string, after: { step: number | null }): Promise<string> {
  for (;;) {
    const now = Date.now() / 1000;
    if (now % PERIOD > PERIOD - 4) {
      await new Promise((resolve) => setTimeout(resolve, (PERIOD - (now % PERIOD)) * 1000 + 200));
      continue;
    }
    const current = Math.floor(now / PERIOD);
    const step = Math.max(current - 1, (after.step ?? Number.NEGATIVE_INFINITY) + 1);
    if (step > current + 1) {
      await new Promise((resolve) => setTimeout(resolve, (PERIOD - (now % PERIOD)) * 1000 + 200));
      continue;
    }
    after.step = step;
    return generate({ secret, epoch: step * PERIOD });
  }
}

async function signIn(email: string, code: string, requestId?: string) {
  return send<{ staffSignIn: { accessToken: string; expiresAt: string; staff: Member } }>(
    null,
    SIGN_IN,
    { input: { email, password, code } },
    requestId,
  );
}

/** Invites, accepts and signs in for the first time: an ACTIVE member with a token. */
async function enrolledMember(roles: string[]) {
  const invited = await invite(roles);
  const accepted = await accept(invited.invitationToken);
  expect(accepted.errors, JSON.stringify(accepted)).toBeUndefined();
  const secret = new URL(accepted.data?.acceptStaffInvitation.totpUri as string).searchParams.get('secret') as string;
  const used = { step: null as number | null };
  const first = await signIn(invited.staff.email, await freshCode(secret, used));
  expect(first.errors, JSON.stringify(first)).toBeUndefined();
  return { member: invited.staff, secret, used, token: first.data?.staffSignIn.accessToken as string };
}

let db: pg.Client;
beforeAll(async () => {
  adminToken = await mintToken(ADMIN_SUBJECT, ['admin']);
  db = new pg.Client({ connectionString: inject('databaseUrls').customer });
  await db.connect();
});
afterAll(() => db.end());

describe('staff accounts', () => {
  it('are invited by an admin, enrolled with an authenticator, and signed in with a code; the token carries their roles', async () => {
    const inviteRequest = newRequestId();
    const invited = await invite(['support', 'support'], inviteRequest);
    expect(invited.staff).toMatchObject({ roles: ['support'], status: 'INVITED' });
    expect(invited.invitationToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = new Date(invited.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(71 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(72 * 3600_000);
    // Only the token's hash is stored.
    const { rows } = await db.query<{ token_hash: Buffer }>(
      'SELECT token_hash FROM customer.staff_invitation WHERE staff_id = $1',
      [invited.staff.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash.toString('base64url')).not.toContain(invited.invitationToken);

    const acceptRequest = newRequestId();
    const accepted = await accept(invited.invitationToken, acceptRequest);
    expect(accepted.errors, JSON.stringify(accepted)).toBeUndefined();
    const uri = new URL(accepted.data?.acceptStaffInvitation.totpUri as string);
    expect(uri.protocol).toBe('otpauth:');
    const secret = uri.searchParams.get('secret') as string;
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    // Enrolled, but not active until a code proves the authenticator works.
    expect(accepted.data?.acceptStaffInvitation.staff.status).toBe('INVITED');

    const used = { step: null as number | null };
    const wrongCode = await signIn(invited.staff.email, '000000');
    expect(codes(wrongCode)).toEqual(['UNAUTHENTICATED']);
    expect(wrongCode.data).toBeNull();
    const wrongPassword = await send(null, SIGN_IN, {
      input: { email: invited.staff.email, password: 'not the password', code: await freshCode(secret, { ...used }) },
    });
    const unknownEmail = await send(null, SIGN_IN, {
      input: { email: uniqueEmail('nobody'), password, code: '123456' },
    });
    // One answer for every wrong factor: it tells nobody who works here.
    expect(wrongPassword.errors?.[0]?.message).toBe(wrongCode.errors?.[0]?.message);
    expect(unknownEmail.errors?.[0]?.message).toBe(wrongCode.errors?.[0]?.message);

    const signInRequest = newRequestId();
    const code = await freshCode(secret, used);
    const signedIn = await signIn(invited.staff.email, code, signInRequest);
    expect(signedIn.errors, JSON.stringify(signedIn)).toBeUndefined();
    const session = signedIn.data?.staffSignIn;
    expect(session?.staff).toMatchObject({ id: invited.staff.id, status: 'ACTIVE', roles: ['support'] });
    expect(decodeJwt(session?.accessToken as string)).toMatchObject({ sub: invited.staff.id, roles: ['support'] });

    // The token works with its role: support reads customers, but is no admin.
    const asSupport = await send(session?.accessToken as string, CUSTOMER_QUERY, { id: demoCustomer });
    expect(asSupport.errors, JSON.stringify(asSupport)).toBeUndefined();
    const notAdmin = await send(session?.accessToken as string, MEMBER_QUERY, { id: invited.staff.id });
    expect(codes(notAdmin)).toEqual(['FORBIDDEN']);

    // A code works once.
    expect(codes(await signIn(invited.staff.email, code))).toEqual(['UNAUTHENTICATED']);

    const audit = await send<{ staffAudit: { actor: string; action: string; requestId: string; details: unknown }[] }>(
      adminToken,
      AUDIT,
      { id: invited.staff.id },
    );
    expect(audit.errors).toBeUndefined();
    expect(audit.data?.staffAudit.map(({ actor, action, requestId }) => ({ actor, action, requestId }))).toEqual([
      { actor: `staff:${ADMIN_SUBJECT}`, action: 'INVITED', requestId: inviteRequest },
      { actor: `staff:${invited.staff.id}`, action: 'INVITATION_ACCEPTED', requestId: acceptRequest },
      { actor: `staff:${invited.staff.id}`, action: 'ACTIVATED', requestId: signInRequest },
    ]);
    expect(audit.data?.staffAudit[0]?.details).toMatchObject({ roles: ['support'], email: invited.staff.email });

    // The TOTP secret is kept sealed: the table alone does not give it away.
    const stored = await db.query<{ totp_secret: string }>(
      'SELECT totp_secret FROM customer.staff_user WHERE id = $1',
      [invited.staff.id],
    );
    expect(stored.rows[0]?.totp_secret).toMatch(/^v1\./);
    expect(stored.rows[0]?.totp_secret).not.toContain(secret);
    // Neither the secret nor the password hash is ever in an answer.
    const listed = await send<{ staffMembers: Member[] }>(adminToken, `{ staffMembers { ${MEMBER} } }`);
    expect(listed.data?.staffMembers.map((m) => m.id)).toContain(invited.staff.id);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('accept an invitation once, and not after it expired; a refused one changes nothing', async () => {
    const invited = await invite(['moderator']);
    expect((await accept(invited.invitationToken)).errors).toBeUndefined();
    const again = await accept(invited.invitationToken);
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.token',
      reason: 'INVITATION_USED',
    });

    const late = await invite(['moderator']);
    await db.query(
      `UPDATE customer.staff_invitation SET expires_at = now() - interval '1 second' WHERE staff_id = $1`,
      [late.staff.id],
    );
    const expired = await accept(late.invitationToken);
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVITATION_EXPIRED' });
    const { rows } = await db.query<{ password_hash: string | null; totp_secret: string | null; used_at: Date | null }>(
      `SELECT password_hash, totp_secret, used_at FROM customer.staff_user
       JOIN customer.staff_invitation ON staff_invitation.staff_id = staff_user.id WHERE staff_user.id = $1`,
      [late.staff.id],
    );
    expect(rows).toEqual([{ password_hash: null, totp_secret: null, used_at: null }]);

    const unknown = await accept('A'.repeat(43));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVITATION_INVALID' });
    const malformed = await accept('not a token');
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVITATION_INVALID' });
    const weak = await send(null, ACCEPT, { input: { token: late.invitationToken, password: 'short' } });
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });

    // An invited member cannot sign in before accepting: there is no password to match.
    expect(codes(await signIn(late.staff.email, '123456'))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuse bad invitations and role changes with a code, and change nothing', async () => {
    const taken = await invite(['support']);
    const twice = await send(adminToken, INVITE, {
      input: { email: taken.staff.email.toUpperCase(), name: 'Again', roles: ['support'] },
    });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
    for (const roles of [['customer'], ['service'], ['root'], []]) {
      const refused = await send(adminToken, INVITE, { input: { email: uniqueEmail('bad'), name: 'Bad', roles } });
      expect(refused.errors?.[0]?.extensions, JSON.stringify(roles)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.roles',
      });
    }
    const badGrant = await send(adminToken, GRANT, { id: taken.staff.id, roles: ['support', 'service'] });
    expect(badGrant.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roles' });
    const unknown = await send(adminToken, DEACTIVATE, { id: '01KZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    const lastRole = await send(adminToken, REVOKE, { id: taken.staff.id, roles: ['support'] });
    expect(lastRole.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_ROLES_LEFT' });

    const member = await send<{ staffMember: Member }>(adminToken, MEMBER_QUERY, { id: taken.staff.id });
    expect(member.data?.staffMember).toMatchObject({ roles: ['support'], version: 1 });
    const audit = await send<{ staffAudit: { action: string }[] }>(adminToken, AUDIT, { id: taken.staff.id });
    expect(audit.data?.staffAudit.map((entry) => entry.action)).toEqual(['INVITED']);
  });

  it('never let an admin deactivate themselves or take away their own admin role', async () => {
    const { member, token } = await enrolledMember(['admin', 'support']);
    const self = await send(token, DEACTIVATE, { id: member.id });
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'SELF_DEACTIVATION' });
    const ownRole = await send(token, REVOKE, { id: member.id, roles: ['admin'] });
    expect(ownRole.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'OWN_ADMIN_ROLE' });
    // Their own other roles are theirs to drop.
    const dropped = await send<{ revokeStaffRoles: Member }>(token, REVOKE, { id: member.id, roles: ['support'] });
    expect(dropped.data?.revokeStaffRoles.roles).toEqual(['admin']);
  });

  it("stop a member's tokens at once when a role is taken away, and every one when the account is deactivated", async () => {
    const { member, secret, used, token } = await enrolledMember(['support', 'moderator']);
    expect((await send(token, CUSTOMER_QUERY, { id: demoCustomer })).errors).toBeUndefined();

    const revokeRequest = newRequestId();
    const revoked = await send<{ revokeStaffRoles: Member }>(
      adminToken,
      REVOKE,
      { id: member.id, roles: ['moderator'] },
      revokeRequest,
    );
    expect(revoked.errors, JSON.stringify(revoked)).toBeUndefined();
    expect(revoked.data?.revokeStaffRoles).toMatchObject({ roles: ['support'], version: member.version + 3 });
    // No wait: the revocation was announced before revokeStaffRoles answered.
    const withOldRoles = await send(token, CUSTOMER_QUERY, { id: demoCustomer });
    expect(withOldRoles.status).toBe(401);
    expect(withOldRoles.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });

    // Signing in again gives a token with what is left, which works at once.
    const again = await signIn(member.email, await freshCode(secret, used));
    expect(again.errors, JSON.stringify(again)).toBeUndefined();
    const current = again.data?.staffSignIn.accessToken as string;
    expect(decodeJwt(current).roles).toEqual(['support']);
    expect((await send(current, CUSTOMER_QUERY, { id: demoCustomer })).errors).toBeUndefined();

    const deactivateRequest = newRequestId();
    const deactivated = await send<{ deactivateStaff: Member }>(
      adminToken,
      DEACTIVATE,
      { id: member.id },
      deactivateRequest,
    );
    expect(deactivated.data?.deactivateStaff.status).toBe('DEACTIVATED');
    const afterDeactivation = await send(current, CUSTOMER_QUERY, { id: demoCustomer });
    expect(afterDeactivation.status).toBe(401);
    expect(afterDeactivation.errors?.[0]?.extensions).toMatchObject({ reason: 'TOKEN_REVOKED' });
    // Refused on the subgraph's own port too.
    const direct = await postGraphQL(
      inject('subgraphUrls').customer,
      '{ __typename }',
      {},
      {
        authorization: `Bearer ${current}`,
      },
    );
    expect(direct.status).toBe(401);

    // A deactivated account cannot sign in, even with a fresh code, and is changed no more.
    expect(codes(await signIn(member.email, await freshCode(secret, used)))).toEqual(['UNAUTHENTICATED']);
    const regrant = await send(adminToken, GRANT, { id: member.id, roles: ['admin'] });
    expect(regrant.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DEACTIVATED' });

    const audit = await send<{ staffAudit: { actor: string; action: string; requestId: string; details: unknown }[] }>(
      adminToken,
      AUDIT,
      { id: member.id },
    );
    expect(audit.data?.staffAudit.slice(3)).toEqual([
      expect.objectContaining({
        actor: `staff:${ADMIN_SUBJECT}`,
        action: 'ROLES_REVOKED',
        requestId: revokeRequest,
        details: { roles: ['moderator'], before: ['support', 'moderator'], after: ['support'] },
      }),
      expect.objectContaining({
        actor: `staff:${ADMIN_SUBJECT}`,
        action: 'DEACTIVATED',
        requestId: deactivateRequest,
        details: { before: 'ACTIVE' },
      }),
    ]);
    // The trail cannot be rewritten.
    await expect(db.query('DELETE FROM customer.staff_audit WHERE staff_id = $1', [member.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('re-enrol a member who lost their authenticator: the old password, code and token stop, a new invitation starts again', async () => {
    const { member, secret, used, token } = await enrolledMember(['support']);
    const requestId = newRequestId();
    const reinvited = await send<{ reinviteStaff: { staff: Member; invitationToken: string; expiresAt: string } }>(
      adminToken,
      REINVITE,
      { id: member.id },
      requestId,
    );
    expect(reinvited.errors, JSON.stringify(reinvited)).toBeUndefined();
    expect(reinvited.data?.reinviteStaff.staff).toMatchObject({ status: 'INVITED', roles: ['support'] });
    const againToken = reinvited.data?.reinviteStaff.invitationToken as string;
    expect(againToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const old = await send(token, CUSTOMER_QUERY, { id: demoCustomer });
    expect(old.status).toBe(401);
    expect(codes(await signIn(member.email, await freshCode(secret, used)))).toEqual(['UNAUTHENTICATED']);

    const accepted = await accept(againToken);
    expect(accepted.errors, JSON.stringify(accepted)).toBeUndefined();
    const newSecret = new URL(accepted.data?.acceptStaffInvitation.totpUri as string).searchParams.get(
      'secret',
    ) as string;
    expect(newSecret).not.toBe(secret);
    const signedIn = await signIn(member.email, await freshCode(newSecret, { step: null }));
    expect(signedIn.errors, JSON.stringify(signedIn)).toBeUndefined();
    expect(signedIn.data?.staffSignIn.staff.status).toBe('ACTIVE');

    const audit = await send<{ staffAudit: { actor: string; action: string; requestId: string }[] }>(
      adminToken,
      AUDIT,
      {
        id: member.id,
      },
    );
    expect(audit.data?.staffAudit.map((entry) => entry.action)).toEqual([
      'INVITED',
      'INVITATION_ACCEPTED',
      'ACTIVATED',
      'REINVITED',
      'INVITATION_ACCEPTED',
      'ACTIVATED',
    ]);
    expect(audit.data?.staffAudit[3]).toMatchObject({ actor: `staff:${ADMIN_SUBJECT}`, requestId });

    // Nobody re-invites themselves.
    const self = await send(await mintToken(member.id, ['admin']), REINVITE, { id: member.id });
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'SELF_REINVITATION' });
  });
});
