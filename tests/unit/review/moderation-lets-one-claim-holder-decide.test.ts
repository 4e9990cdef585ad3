import { describe, expect, it } from 'vitest';
import {
  claimRefusal,
  decisionRefusal,
  holderOf,
  moderationNote,
  rejectionReason,
} from '../../../subgraphs/review/src/domain/moderation.js';

const now = new Date('2026-12-06T12:00:00Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 1);
const free = { status: 'PENDING', claimedBy: null, claimedUntil: null } as const;

describe('moderation claims', () => {
  it('holds a claim until its end and no longer', () => {
    expect(holderOf({ claimedBy: 'staff:a', claimedUntil: later }, now)).toBe('staff:a');
    expect(holderOf({ claimedBy: 'staff:a', claimedUntil: now }, now)).toBeNull();
    expect(holderOf({ claimedBy: 'staff:a', claimedUntil: earlier }, now)).toBeNull();
  });

  it('lets anyone claim a free or lapsed pending review, and the holder claim it again', () => {
    expect(claimRefusal(free, 'staff:a', false, now)).toBeNull();
    expect(claimRefusal({ ...free, claimedBy: 'staff:b', claimedUntil: earlier }, 'staff:a', false, now)).toBeNull();
    expect(claimRefusal({ ...free, claimedBy: 'staff:a', claimedUntil: later }, 'staff:a', false, now)).toBeNull();
  });

  it('refuses a review someone else holds, naming them and until when', () => {
    expect(claimRefusal({ ...free, claimedBy: 'staff:b', claimedUntil: later }, 'staff:a', false, now)).toEqual({
      reason: 'CLAIMED',
      claimedBy: 'staff:b',
      claimedUntil: later,
    });
  });

  it('leaves escalated reviews to admins and decided ones alone', () => {
    const escalated = { ...free, status: 'ESCALATED' } as const;
    expect(claimRefusal(escalated, 'staff:a', false, now)).toEqual({ reason: 'ADMINS_ONLY' });
    expect(claimRefusal(escalated, 'staff:admin', true, now)).toBeNull();
    expect(claimRefusal({ ...free, status: 'APPROVED' }, 'staff:a', true, now)).toEqual({
      reason: 'NOT_WAITING',
      status: 'APPROVED',
    });
    expect(claimRefusal(null, 'staff:a', true, now)).toEqual({ reason: 'NOT_FOUND' });
  });
});

describe('moderation decisions', () => {
  const heldBy = (who: string, until = later) => ({ ...free, claimedBy: who, claimedUntil: until });

  it('lets only the holder of a claim that holds decide', () => {
    expect(decisionRefusal(heldBy('staff:a'), 'staff:a', false, 'APPROVE', now)).toBeNull();
    expect(decisionRefusal(heldBy('staff:b'), 'staff:a', false, 'REJECT', now)).toEqual({
      reason: 'NOT_CLAIMED',
      claimedBy: 'staff:b',
      claimedUntil: later,
    });
    expect(decisionRefusal(heldBy('staff:a', earlier), 'staff:a', false, 'APPROVE', now)).toEqual({
      reason: 'NOT_CLAIMED',
      claimedBy: null,
      claimedUntil: null,
    });
    expect(decisionRefusal(free, 'staff:a', false, 'APPROVE', now)?.reason).toBe('NOT_CLAIMED');
  });

  it('lets only an admin decide an escalated review, and not escalate it again', () => {
    const escalated = { ...heldBy('staff:admin'), status: 'ESCALATED' } as const;
    expect(decisionRefusal(escalated, 'staff:admin', true, 'APPROVE', now)).toBeNull();
    expect(decisionRefusal(escalated, 'staff:admin', false, 'APPROVE', now)).toEqual({ reason: 'ADMINS_ONLY' });
    expect(decisionRefusal(escalated, 'staff:admin', true, 'ESCALATE', now)?.reason).toBe('NOT_WAITING');
  });

  it('requires a rejection reason and treats an empty note as none', () => {
    expect(rejectionReason.safeParse('  ').success).toBe(false);
    expect(rejectionReason.parse('  Advertises another shop ')).toBe('Advertises another shop');
    expect(moderationNote.parse(undefined)).toBeNull();
    expect(moderationNote.parse('   ')).toBeNull();
    expect(moderationNote.parse(' checked ')).toBe('checked');
  });
});
