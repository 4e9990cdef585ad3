import { createRevocationList } from '../../shared/auth/revocations.js';
import { loadResponseCacheSettings } from '../../shared/cache/response-cache-settings.js';
import { exitOnConfigError, loadWorkersConfig } from '../../shared/config.js';
import { createServiceApp, listen } from '../../shared/http-server.js';
import { createLogger } from '../../shared/logger.js';
import { createMetricsRegistry } from '../../shared/metrics.js';
import { loadRetentionSettings } from '../../shared/retention/retention-settings.js';
import { loadStockAlertSettings } from '../../subgraphs/warehouse/src/jobs/stock-alert-settings.js';
import { createDashboardSessions } from './queue-dashboard/dashboard-sessions.js';
import { loadQueueDashboardSettings } from './queue-dashboard/dashboard-settings.js';
import { mountQueueDashboard } from './queue-dashboard/queue-dashboard.js';
import { bullConnection } from './queues.js';
import { WORKER_MODULES } from './registry.js';
import { startWorkers } from './runtime.js';
import { checkSettingsAgree } from './settings-checks.js';

/**
 * The workers process (`npm run workers`; `npm start` runs it too): outbox relays, event
 * consumers and scheduled jobs of every subgraph, on BullMQ. Any number may run; Redis and
 * PostgreSQL coordinate them. Serves /health and /metrics like every service, and the queue
 * dashboard (Bull Board, admins only) under /admin/queues.
 */
const { config, dashboard } = await exitOnConfigError('workers', () => {
  const loaded = loadWorkersConfig();
  checkSettingsAgree(loaded.env);
  // A module's own settings are read again when it starts; checked here, a bad one stops the
  // process with one line per variable before any job runs.
  loadStockAlertSettings(loaded.env);
  loadRetentionSettings(loaded.env);
  loadResponseCacheSettings(loaded.env);
  return { config: loaded, dashboard: loadQueueDashboardSettings(loaded.env) };
});
const logger = createLogger('workers', config);
const metrics = createMetricsRegistry('workers');
const workers = await startWorkers(WORKER_MODULES, {
  redisUrl: config.redisUrl,
  env: config.env,
  logger,
  metrics,
  attempts: config.attempts,
  backoffMs: config.backoffMs,
  relayPollMs: config.relayPollMs,
  relayIdlePollMs: config.relayIdlePollMs,
  lockMs: config.lockMs,
  reconcileAfterMs: config.reconcileAfterMs,
  reconcileEveryMs: config.reconcileEveryMs,
  auth: config.auth,
  serviceCallTimeoutMs: config.serviceCallTimeoutMs,
});
const ping = bullConnection(config.redisUrl);
const app = createServiceApp({
  service: 'workers',
  readinessChecks: [{ name: 'redis', check: () => ping.ping() }],
  metrics,
});
// Staff tokens of members whose roles were taken away are refused here as by the gateway.
const revocations = createRevocationList(config.redisUrl, logger);
if (!(await revocations.loadedWithin(2000)))
  logger.warn('revoked token subjects not loaded yet: starting with none, loading them once Redis answers');
await mountQueueDashboard(app, {
  queues: workers.queues,
  auth: config.auth,
  revoked: revocations,
  sessions: createDashboardSessions(ping, dashboard.sessionSeconds),
  sessionSeconds: dashboard.sessionSeconds,
  logger,
});
const server = await listen(app, config.port);
logger.info({ url: server.url, modules: WORKER_MODULES.map((m) => m.name) }, 'workers running');

const shutdown = async (signal: string) => {
  logger.info({ signal }, 'shutting down');
  await server.close();
  await workers.close();
  await revocations.close();
  ping.disconnect();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
