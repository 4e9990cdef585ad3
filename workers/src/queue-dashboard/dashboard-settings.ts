import { z } from 'zod';
import { readSettings } from '../../../shared/config.js';

type Env = Record<string, string | undefined>;

const SCHEMAS = {
  /**
   * How long a queue dashboard sign-in lasts; then the admin signs in again with a fresh staff
   * token. Short on purpose: the board can retry, promote and delete jobs. @defaultValue 900 (15 minutes)
   */
  QUEUE_DASHBOARD_SESSION_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be between 1 and 86400 seconds')
    .max(86_400, 'must be between 1 and 86400 seconds')
    .default(900),
};

export interface QueueDashboardSettings {
  sessionSeconds: number;
}

export function loadQueueDashboardSettings(env: Env): QueueDashboardSettings {
  const settings = readSettings(env, SCHEMAS);
  return { sessionSeconds: settings.QUEUE_DASHBOARD_SESSION_SECONDS };
}
