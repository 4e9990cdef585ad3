import { z } from 'zod';
import { readSettings } from '../../../shared/config.js';
import { DEFAULT_INVITATION_TTL_SECONDS } from './domain/staff-accounts.js';

type Env = Record<string, string | undefined>;

/**
 * How long a staff invitation can be accepted.
 * @defaultValue STAFF_INVITATION_TTL_SECONDS 259200 (72 hours)
 */
export function loadStaffInvitationTtlSeconds(env: Env = process.env): number {
  return readSettings(env, {
    STAFF_INVITATION_TTL_SECONDS: z.coerce
      .number({ error: 'must be a whole number of seconds' })
      .int('must be a whole number of seconds')
      .min(60, 'must be at least 60 seconds')
      .max(30 * 24 * 3600, 'must be at most 2592000 seconds (30 days)')
      .default(DEFAULT_INVITATION_TTL_SECONDS),
  }).STAFF_INVITATION_TTL_SECONDS;
}
