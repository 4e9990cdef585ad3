import { loadResponseCacheSettings } from '../../shared/cache/response-cache-settings.js';
import { exitOnConfigError, loadWorkersConfig } from '../../shared/config.js';
import { createServiceApp, listen } from '../../shared/http-server.js';
import { createLogger } from '../../shared/logger.js';
import { createMetricsRegistry } from '../../shared/metrics.js';
import { loadRetentionSettings } from '../../shared/retention/retention-settings.js';
import { loadStockAlertSettings } from '../../subgraphs/warehouse/src/jobs/stock-alert-settings.js';
import { bullConnection } from './queues.js';
import { WORKER_MODULES } from './registry.js';
import { startWorkers } from './runtime.js';
import { checkSettingsAgree } from './settings-checks.js';

/**
 * The workers process (`npm run workers`; `npm start` runs it too): outbox relays, event
 * consumers and scheduled jobs of every subgraph, on BullMQ. Any number may run; Redis and
 * PostgreSQL coordinate them. Serves /health and /metrics like every service.
 */
const config = await exitOnConfigError('workers', () => {
  const loaded = loadWorkersConfig();
  checkSettingsAgree(loaded.env);
  // A module's own settings are read again when it starts; checked here, a bad one stops the
  // process with one line per variable before any job runs.
  loadStockAlertSettings(loaded.env);
  loadRetentionSettings(loaded.env);
  loadResponseCacheSettings(loaded.env);
  return loaded;
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
const server = await listen(
  createServiceApp({ service: 'workers', readinessChecks: [{ name: 'redis', check: () => ping.ping() }], metrics }),
  config.port,
);
logger.info({ url: server.url, modules: WORKER_MODULES.map((m) => m.name) }, 'workers running');

const shutdown = async (signal: string) => {
  logger.info({ signal }, 'shutting down');
  await server.close();
  await workers.close();
  ping.disconnect();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
