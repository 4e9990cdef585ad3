import { describe, expect, it } from 'vitest';
import {
  hashInvitationToken,
  INVITATION_TOKEN,
  invitationState,
  maySignIn,
  newInvitationToken,
  rolesAfter,
  staffChangeRefusal,
  staffRolesFrom,
} from '../../../subgraphs/customer/src/domain/staff-accounts.js';

const now = new Date('2026-12-06T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('an invitation', () => {
  it('is a 256-bit token, kept as its SHA-256 only', () => {
    const token = newInvitationToken();
    expect(token).toMatch(INVITATION_TOKEN);
    expect(newInvitationToken()).not.toBe(token);
    expect(hashInvitationToken(token)).toHaveLength(32);
    expect(hashInvitationToken(token)).toEqual(hashInvitationToken(token));
  });

  it('is valid until it expires, and works once', () => {
    expect(invitationState({ expiresAt: later(1), usedAt: null }, now)).toBe('VALID');
    expect(invitationState({ expiresAt: now, usedAt: null }, now)).toBe('EXPIRED');
    expect(invitationState({ expiresAt: later(-1), usedAt: null }, now)).toBe('EXPIRED');
    expect(invitationState({ expiresAt: later(60), usedAt: later(-5) }, now)).toBe('USED');
    expect(invitationState({ expiresAt: later(-60), usedAt: later(-120) }, now)).toBe('USED');
  });
});

describe('staff roles', () => {
  it('are the staff roles only, deduplicated, in a stable order', () => {
    expect(staffRolesFrom(['admin', 'support', 'admin'])).toEqual({ ok: true, roles: ['support', 'admin'] });
    expect(staffRolesFrom(['customer', 'service', 'root', 'support'])).toEqual({
      ok: false,
      unknown: ['customer', 'service', 'root'],
    });
  });

  it('change by adding or removing only the ones named', () => {
    expect(rolesAfter(['support'], { kind: 'GRANT_ROLES', roles: ['moderator', 'support'] })).toEqual([
      'support',
      'moderator',
    ]);
    expect(rolesAfter(['support', 'admin'], { kind: 'REVOKE_ROLES', roles: ['admin', 'moderator'] })).toEqual([
      'support',
    ]);
  });
});

describe('who may change whom', () => {
  const admin = { id: 'A', status: 'ACTIVE' as const, roles: ['admin'] };
  const member = { id: 'M', status: 'ACTIVE' as const, roles: ['support', 'moderator'] };

  it('lets an admin deactivate or change anyone else', () => {
    expect(staffChangeRefusal('A', member, { kind: 'DEACTIVATE' })).toBeNull();
    expect(staffChangeRefusal('A', member, { kind: 'REVOKE_ROLES', roles: ['moderator'] })).toBeNull();
    expect(staffChangeRefusal('A', member, { kind: 'GRANT_ROLES', roles: ['admin'] })).toBeNull();
    expect(staffChangeRefusal('B', admin, { kind: 'REVOKE_ROLES', roles: ['admin'] })).toBe('NO_ROLES_LEFT');
    expect(
      staffChangeRefusal('B', { ...admin, roles: ['admin', 'support'] }, { kind: 'REVOKE_ROLES', roles: ['admin'] }),
    ).toBeNull();
    expect(staffChangeRefusal('B', admin, { kind: 'DEACTIVATE' })).toBeNull();
  });

  it('never lets an admin deactivate themselves or drop their own admin role', () => {
    expect(staffChangeRefusal('A', admin, { kind: 'DEACTIVATE' })).toBe('SELF_DEACTIVATION');
    expect(
      staffChangeRefusal('A', { ...admin, roles: ['admin', 'support'] }, { kind: 'REVOKE_ROLES', roles: ['admin'] }),
    ).toBe('OWN_ADMIN_ROLE');
    expect(
      staffChangeRefusal('A', { ...admin, roles: ['admin', 'support'] }, { kind: 'REVOKE_ROLES', roles: ['support'] }),
    ).toBeNull();
    expect(staffChangeRefusal('A', admin, { kind: 'GRANT_ROLES', roles: ['support'] })).toBeNull();
  });

  it('lets an admin re-invite anyone else, never themselves', () => {
    expect(staffChangeRefusal('A', member, { kind: 'REINVITE' })).toBeNull();
    expect(staffChangeRefusal('A', admin, { kind: 'REINVITE' })).toBe('SELF_REINVITATION');
    expect(rolesAfter(['moderator', 'support'], { kind: 'REINVITE' })).toEqual(['support', 'moderator']);
  });

  it('keeps every member with at least one role', () => {
    expect(staffChangeRefusal('A', member, { kind: 'REVOKE_ROLES', roles: ['support', 'moderator'] })).toBe(
      'NO_ROLES_LEFT',
    );
  });

  it('changes a deactivated account no more', () => {
    const gone = { ...member, status: 'DEACTIVATED' as const };
    expect(staffChangeRefusal('A', gone, { kind: 'GRANT_ROLES', roles: ['support'] })).toBe('DEACTIVATED');
    expect(staffChangeRefusal('A', gone, { kind: 'DEACTIVATE' })).toBe('DEACTIVATED');
    expect(staffChangeRefusal('A', gone, { kind: 'REINVITE' })).toBe('DEACTIVATED');
  });
});

describe('who may sign in', () => {
  const enrolled = { passwordHash: '$argon2id$…', totpSecret: 'JBSWY3DPEHPK3PXP' };
  it('active and enrolled members, and invited ones who enrolled (the first code activates them)', () => {
    expect(maySignIn({ status: 'ACTIVE', ...enrolled })).toBe(true);
    expect(maySignIn({ status: 'INVITED', ...enrolled })).toBe(true);
    expect(maySignIn({ status: 'DEACTIVATED', ...enrolled })).toBe(false);
    expect(maySignIn({ status: 'INVITED', passwordHash: null, totpSecret: null })).toBe(false);
    // Rows written by `npm run token` have no password: they get tokens from the script only.
    expect(maySignIn({ status: 'ACTIVE', passwordHash: null, totpSecret: null })).toBe(false);
  });
});
