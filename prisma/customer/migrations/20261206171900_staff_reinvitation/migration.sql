-- Kept by hand (Prisma does not model CHECK constraints): re-inviting a member is audited too.
ALTER TABLE "staff_audit" DROP CONSTRAINT "staff_audit_action_known";
ALTER TABLE "staff_audit" ADD CONSTRAINT "staff_audit_action_known"
  CHECK ("action" IN ('INVITED', 'INVITATION_ACCEPTED', 'ACTIVATED', 'ROLES_GRANTED', 'ROLES_REVOKED', 'DEACTIVATED', 'REINVITED'));
