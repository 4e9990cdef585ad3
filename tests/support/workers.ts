import { Registry } from 'prom-client';
import { inject } from 'vitest';
import { createLogger } from '../../shared/logger.js';
import type { WorkersOptions } from '../../workers/src/runtime.js';
import { testAuthConfig } from './tokens.js';

/** The workers runtime's options on the suite's Redis, quiet, with fast retries; tests change what they test. */
export function testWorkersOptions(changes: Partial<WorkersOptions> = {}): WorkersOptions {
  return {
    redisUrl: inject('redisUrl'),
    env: {},
    logger: createLogger('workers', { logLevel: 'silent' }),
    metrics: new Registry(),
    attempts: 5,
    backoffMs: 50,
    relayPollMs: 100,
    relayIdlePollMs: 1000,
    lockMs: 2000,
    reconcileAfterMs: 60_000,
    reconcileEveryMs: 30_000,
    auth: testAuthConfig(),
    serviceCallTimeoutMs: 5000,
    ...changes,
  };
}
