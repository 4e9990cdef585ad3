import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { liveness, type ReadinessCheck, readiness } from './health.js';
import { PACKAGE_VERSION } from './package-info.js';
import { flushTraces } from './telemetry/propagation.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The routes every service has besides GraphQL: health probes and Prometheus metrics. */
export function createServiceApp(options: {
  service: string;
  readinessChecks: readonly ReadinessCheck[];
  metrics: Registry;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/health/live', (_req, res) => {
    res.json(liveness(options.service, PACKAGE_VERSION));
  });
  app.get('/health/ready', async (_req, res) => {
    const report = await readiness(options.service, options.readinessChecks);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(options.metrics.contentType).send(await options.metrics.metrics());
  });
  return app;
}

export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  // Keep-alive connections from the gateway are reused across requests; the timeout must
  // outlive the client's idle timeout or requests race a closing socket.
  server.keepAliveTimeout = 65_000;
  const actualPort = (server.address() as AddressInfo).port;
  // A supervising process (npm start, the test suite) learns the port this way, so services can
  // ask for port 0 and never race each other for a port that looked free.
  process.send?.({ type: 'listening', port: actualPort });
  // Such a launcher starts its services outside the terminal's process group, so that Ctrl-C
  // reaches only the launcher and it stops them in order; should it die, stop with it.
  if (process.send) process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      // A service closes its server to end: the spans of its last requests leave before it does.
      await flushTraces();
    },
  };
}
