import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import type { Role } from '../../../../shared/auth/roles.js';
import { isUniqueViolation } from '../../../../shared/database.js';
import { newId } from '../../../../shared/ids.js';
import {
  type InvitationState,
  invitationState,
  rolesAfter,
  type StaffAuditAction,
  type StaffChange,
  type StaffChangeRefusal,
  type StaffStatus,
  staffChangeRefusal,
} from '../domain/staff-accounts.js';
import type { Prisma, StaffAudit, StaffUser } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';

interface AuditEntry {
  staffId: string;
  actor: AuditActor;
  action: StaffAuditAction;
  details: Prisma.InputJsonObject;
  requestId: string;
}

function audit(tx: Prisma.TransactionClient, entry: AuditEntry, at: Date) {
  return tx.staffAudit.create({ data: { id: newId(), ...entry, at } });
}

export type InvitationOutcome = { invited: true; staff: StaffUser } | { invited: false; reason: 'EMAIL_TAKEN' };

/** The member, their invitation (its hash only) and the audit entry: all or nothing. */
export async function createInvitation(
  db: CustomerDatabase,
  member: { email: string; name: string; roles: readonly Role[] },
  invitation: { tokenHash: Uint8Array<ArrayBuffer>; expiresAt: Date },
  actor: AuditActor,
  requestId: string,
): Promise<InvitationOutcome> {
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      const staff = await tx.staffUser.create({
        data: { id: newId(), email: member.email, name: member.name, roles: [...member.roles], status: 'INVITED' },
      });
      await tx.staffInvitation.create({
        data: {
          id: newId(),
          staffId: staff.id,
          tokenHash: invitation.tokenHash,
          expiresAt: invitation.expiresAt,
          createdBy: actor,
        },
      });
      await audit(
        tx,
        {
          staffId: staff.id,
          actor,
          action: 'INVITED',
          details: { email: member.email, roles: [...member.roles], expiresAt: invitation.expiresAt.toISOString() },
          requestId,
        },
        now,
      );
      return { invited: true, staff } as const;
    });
  } catch (error) {
    // The unique index decides, so two invitations racing for one address cannot both win.
    if (isUniqueViolation(error)) {
      return { invited: false, reason: 'EMAIL_TAKEN' };
    }
    throw error;
  }
}

export type AcceptanceOutcome =
  | { accepted: true; staff: StaffUser }
  | { accepted: false; reason: Exclude<InvitationState, 'VALID'> | 'INVALID' };

class NotAccepted extends Error {
  constructor(readonly reason: 'USED' | 'EXPIRED' | 'INVALID') {
    super(reason);
  }
}

/**
 * Uses the invitation and enrols the member, in one transaction. The invitation is marked used by
 * one conditional update (unused and unexpired), so a token works once even when two acceptances
 * race; an account that is no longer INVITED (deactivated meanwhile) undoes it all.
 */
/**
 * Why an invitation token cannot be accepted now, or null if it can: read before the password
 * is hashed, so a made-up token costs one index read, never an Argon2id hash. acceptInvitation
 * decides again under its conditional update (two acceptances may race).
 */
export async function invitationRefusal(
  db: CustomerDatabase,
  tokenHash: Uint8Array<ArrayBuffer>,
): Promise<'INVALID' | 'USED' | 'EXPIRED' | null> {
  const invitation = await db.staffInvitation.findUnique({ where: { tokenHash } });
  if (!invitation) return 'INVALID';
  const state = invitationState(invitation, new Date());
  return state === 'VALID' ? null : state;
}

export async function acceptInvitation(
  db: CustomerDatabase,
  tokenHash: Uint8Array<ArrayBuffer>,
  passwordHash: string,
  sealTotpSecret: (staffId: string) => string,
  requestId: string,
): Promise<AcceptanceOutcome> {
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      const used = await tx.$queryRaw<{ staff_id: string }[]>`
        UPDATE staff_invitation SET used_at = ${now}
        WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
        RETURNING staff_id`;
      const staffId = used[0]?.staff_id;
      if (!staffId) {
        const invitation = await tx.staffInvitation.findUnique({ where: { tokenHash } });
        const state = invitation ? invitationState(invitation, now) : 'INVALID';
        throw new NotAccepted(state === 'VALID' ? 'INVALID' : state);
      }
      const enrolled = await tx.staffUser.updateMany({
        where: { id: staffId, status: 'INVITED' },
        data: { passwordHash, totpSecret: sealTotpSecret(staffId), totpLastStep: null, version: { increment: 1 } },
      });
      if (enrolled.count !== 1) throw new NotAccepted('INVALID');
      await audit(
        tx,
        { staffId, actor: `staff:${staffId}`, action: 'INVITATION_ACCEPTED', details: {}, requestId },
        now,
      );
      return { accepted: true, staff: await tx.staffUser.findUniqueOrThrow({ where: { id: staffId } }) } as const;
    });
  } catch (error) {
    if (error instanceof NotAccepted) return { accepted: false, reason: error.reason };
    throw error;
  }
}

export function findStaffByEmail(db: CustomerDatabase, email: string): Promise<StaffUser | null> {
  return db.staffUser.findUnique({ where: { email } });
}

/**
 * Records a successful sign-in's TOTP step, and activates an INVITED member on their first one.
 * One conditional update keeps the invariant "a code is accepted once": of two sign-ins racing
 * with the same code, only the one that moves totp_last_step forward wins. Null when it lost, or
 * when the member was deactivated meanwhile.
 */
export async function recordSignIn(
  db: CustomerDatabase,
  staffId: string,
  step: number,
  requestId: string,
): Promise<StaffUser | null> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const before = await tx.$queryRaw<{ status: StaffStatus }[]>`
      SELECT status FROM staff_user WHERE id = ${staffId} FOR UPDATE`;
    const status = before[0]?.status;
    const moved = await tx.staffUser.updateMany({
      where: {
        id: staffId,
        status: { in: ['INVITED', 'ACTIVE'] },
        OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }],
      },
      data: {
        totpLastStep: step,
        status: 'ACTIVE',
        ...(status === 'INVITED' ? { version: { increment: 1 } } : {}),
      },
    });
    if (moved.count !== 1) return null;
    if (status === 'INVITED') {
      await audit(tx, { staffId, actor: `staff:${staffId}`, action: 'ACTIVATED', details: {}, requestId }, now);
    }
    return tx.staffUser.findUniqueOrThrow({ where: { id: staffId } });
  });
}

export type StaffChangeOutcome =
  | { changed: true; staff: StaffUser }
  | { changed: false; reason: 'NOT_FOUND' | StaffChangeRefusal };

const AUDIT_ACTION: Record<StaffChange['kind'], StaffAuditAction> = {
  GRANT_ROLES: 'ROLES_GRANTED',
  REVOKE_ROLES: 'ROLES_REVOKED',
  DEACTIVATE: 'DEACTIVATED',
  REINVITE: 'REINVITED',
};

/**
 * Changes a member's roles or status holding their row, with its audit entry. A change that takes
 * something away (a role, the account) revokes every access token of the member: `revokeTokens`
 * runs last inside the transaction, so when it fails (Redis down) nothing changes and the admin
 * is told, rather than the member keeping a working token for what was taken away. A change that
 * changes nothing (granting a role held already) is not recorded. Re-inviting (a lost
 * authenticator) also voids the password and the TOTP secret, ends the member's unused invitations
 * and stores the new one's hash: the member enrols again from scratch.
 */
export async function changeStaff(
  db: CustomerDatabase,
  actor: { id: string; audit: AuditActor },
  staffId: string,
  change: StaffChange,
  requestId: string,
  revokeTokens: (at: Date) => Promise<void>,
  invitation?: { tokenHash: Uint8Array<ArrayBuffer>; expiresAt: Date },
): Promise<StaffChangeOutcome> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM staff_user WHERE id = ${staffId} FOR UPDATE`;
      if (!rows[0]) return { changed: false, reason: 'NOT_FOUND' } as const;
      const current = await tx.staffUser.findUniqueOrThrow({ where: { id: staffId } });
      const refusal = staffChangeRefusal(actor.id, { ...current, status: current.status as StaffStatus }, change);
      if (refusal) return { changed: false, reason: refusal } as const;
      const roles = rolesAfter(current.roles, change);
      const sameRoles = roles.length === current.roles.length && roles.every((role) => current.roles.includes(role));
      const statusChange = change.kind === 'DEACTIVATE' || change.kind === 'REINVITE';
      if (!statusChange && sameRoles) return { changed: true, staff: current } as const;
      const now = new Date();
      const takesAway = change.kind !== 'GRANT_ROLES';
      const staff = await tx.staffUser.update({
        where: { id: staffId },
        data: {
          roles,
          version: { increment: 1 },
          ...(change.kind === 'DEACTIVATE' ? { status: 'DEACTIVATED' } : {}),
          ...(change.kind === 'REINVITE'
            ? { status: 'INVITED', passwordHash: null, totpSecret: null, totpLastStep: null }
            : {}),
          ...(takesAway ? { tokensRevokedAt: now } : {}),
        },
      });
      if (change.kind === 'REINVITE') {
        if (!invitation) throw new Error('Re-inviting needs the new invitation');
        await tx.staffInvitation.updateMany({
          where: { staffId, usedAt: null, expiresAt: { gt: now } },
          data: { expiresAt: now },
        });
        await tx.staffInvitation.create({
          data: { id: newId(), staffId, ...invitation, createdBy: actor.audit },
        });
      }
      const details: Prisma.InputJsonObject =
        change.kind === 'DEACTIVATE'
          ? { before: current.status }
          : change.kind === 'REINVITE'
            ? { before: current.status, expiresAt: invitation?.expiresAt.toISOString() ?? null }
            : { roles: [...change.roles], before: current.roles, after: roles };
      await audit(tx, { staffId, actor: actor.audit, action: AUDIT_ACTION[change.kind], details, requestId }, now);
      if (takesAway) await revokeTokens(now);
      return { changed: true, staff } as const;
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

export function listStaff(db: CustomerDatabase): Promise<StaffUser[]> {
  return db.staffUser.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

export function findStaff(db: CustomerDatabase, id: string): Promise<StaffUser | null> {
  return db.staffUser.findUnique({ where: { id } });
}

export function staffAuditOf(db: CustomerDatabase, staffId: string): Promise<StaffAudit[]> {
  return db.staffAudit.findMany({ where: { staffId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
}
