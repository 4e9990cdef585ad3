import { z } from 'zod';
import { readSettings, withDevelopmentSecrets } from '../../../shared/config.js';
import { DEFAULT_INVITATION_TTL_SECONDS } from './domain/staff-accounts.js';

type Env = Record<string, string | undefined>;

export interface StaffSettings {
  invitationTtlSeconds: number;
  /** Seals staff members' TOTP secrets in the database. */
  totpKey: string;
}

/**
 * Staff accounts' settings.
 * @defaultValue STAFF_INVITATION_TTL_SECONDS 259200 (72 hours); STAFF_TOTP_KEY required in
 * production, generated once into the development secrets elsewhere
 */
export function loadStaffSettings(env: Env = process.env): StaffSettings {
  const settings = readSettings(withDevelopmentSecrets(env), {
    STAFF_INVITATION_TTL_SECONDS: z.coerce
      .number({ error: 'must be a whole number of seconds' })
      .int('must be a whole number of seconds')
      .min(60, 'must be at least 60 seconds')
      .max(30 * 24 * 3600, 'must be at most 2592000 seconds (30 days)')
      .default(DEFAULT_INVITATION_TTL_SECONDS),
    STAFF_TOTP_KEY: z.string().min(32, 'must be at least 32 characters'),
  });
  return { invitationTtlSeconds: settings.STAFF_INVITATION_TTL_SECONDS, totpKey: settings.STAFF_TOTP_KEY };
}
