import { createHash, randomBytes } from 'node:crypto';
import { isRole, type Role, STAFF_ROLES } from '../../../../shared/auth/roles.js';

export const STAFF_STATUSES = ['INVITED', 'ACTIVE', 'DEACTIVATED'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const STAFF_AUDIT_ACTIONS = [
  'INVITED',
  'INVITATION_ACCEPTED',
  'ACTIVATED',
  'ROLES_GRANTED',
  'ROLES_REVOKED',
  'DEACTIVATED',
  'REINVITED',
] as const;
export type StaffAuditAction = (typeof STAFF_AUDIT_ACTIONS)[number];

/** @defaultValue 72 hours: long enough for a weekend, short enough that a forgotten e-mail is harmless. */
export const DEFAULT_INVITATION_TTL_SECONDS = 72 * 3600;

/** 256 random bits, base64url: guessing one is hopeless, so acceptance needs no throttle. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only the hash is stored: a copy of the table does not hold a usable invitation. */
export function hashInvitationToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type InvitationState = 'VALID' | 'USED' | 'EXPIRED';

/** Used wins over expired: someone holding a used token is told it was used, which they may not know. */
export function invitationState(invitation: { expiresAt: Date; usedAt: Date | null }, now: Date): InvitationState {
  if (invitation.usedAt) return 'USED';
  return invitation.expiresAt.getTime() > now.getTime() ? 'VALID' : 'EXPIRED';
}

/** Roles an admin may give: staff roles only, never `customer` or `service`; duplicates dropped, in a stable order. */
export function staffRolesFrom(
  given: readonly string[],
): { ok: true; roles: Role[] } | { ok: false; unknown: string[] } {
  const unknown = given.filter((role) => !isRole(role) || !STAFF_ROLES.includes(role));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, roles: STAFF_ROLES.filter((role) => given.includes(role)) };
}

export type StaffChange =
  | { kind: 'GRANT_ROLES'; roles: readonly Role[] }
  | { kind: 'REVOKE_ROLES'; roles: readonly Role[] }
  | { kind: 'DEACTIVATE' }
  | { kind: 'REINVITE' };

export type StaffChangeRefusal =
  | 'SELF_DEACTIVATION'
  | 'SELF_REINVITATION'
  | 'OWN_ADMIN_ROLE'
  | 'DEACTIVATED'
  | 'NO_ROLES_LEFT';

/**
 * Whether `actorId` may make `change` to the member `target`. An admin never deactivates
 * themselves nor takes away their own admin role, so the shop cannot lose its last admin by a
 * slip: another admin has to do it. A deactivated account is not changed any more, and a member
 * keeps at least one role (deactivate them instead).
 */
export function staffChangeRefusal(
  actorId: string,
  target: { id: string; status: StaffStatus; roles: readonly string[] },
  change: StaffChange,
): StaffChangeRefusal | null {
  if (target.status === 'DEACTIVATED') return 'DEACTIVATED';
  const self = actorId === target.id;
  if (change.kind === 'DEACTIVATE') return self ? 'SELF_DEACTIVATION' : null;
  // Re-enrolment signs the member out and voids their password: another admin does it for them.
  if (change.kind === 'REINVITE') return self ? 'SELF_REINVITATION' : null;
  if (change.kind === 'REVOKE_ROLES') {
    if (self && change.roles.includes('admin')) return 'OWN_ADMIN_ROLE';
    if (target.roles.every((role) => change.roles.includes(role as Role))) return 'NO_ROLES_LEFT';
  }
  return null;
}

/** The roles after the change, in a stable order. */
export function rolesAfter(current: readonly string[], change: StaffChange): Role[] {
  if (change.kind === 'DEACTIVATE' || change.kind === 'REINVITE')
    return STAFF_ROLES.filter((role) => current.includes(role));
  if (change.kind === 'GRANT_ROLES')
    return STAFF_ROLES.filter((role) => current.includes(role) || change.roles.includes(role));
  return STAFF_ROLES.filter((role) => current.includes(role) && !change.roles.includes(role));
}

/** Who may sign in: an active member, or an invited one who has set a password (the first valid code activates them). */
export function maySignIn(staff: { status: string; passwordHash: string | null; totpSecret: string | null }): boolean {
  if (!staff.passwordHash || !staff.totpSecret) return false;
  return staff.status === 'ACTIVE' || staff.status === 'INVITED';
}
