import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayContext } from '../forwarding-data-source.js';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operation names come from clients: only well-formed ones become label values, and only so
 * many, or a client could make the metrics store grow without end.
 */
export function operationLabel(name: string | null | undefined, seen: Set<string>, maxNames = 200): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'invalid';
  if (seen.has(name)) return name;
  if (seen.size >= maxNames) return 'other';
  seen.add(name);
  return name;
}

export type RequestOutcome = 'success' | 'partial' | 'error' | 'refused';

/** success: no errors; partial: data and errors; error: errors and no data; refused: 4xx. */
export function outcomeOf(status: number | undefined, hasData: boolean, errorCount: number): RequestOutcome {
  if (status !== undefined && status >= 400 && status < 500) return 'refused';
  if (errorCount === 0) return 'success';
  return hasData ? 'partial' : 'error';
}

/** GraphQL requests by operation name and outcome, and their latency. */
export function requestMetricsPlugin(metrics: Registry): ApolloServerPlugin<GatewayContext> {
  const requests = new Counter({
    name: 'gateway_requests_total',
    help: 'GraphQL requests by operation name and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [metrics],
  });
  const duration = new Histogram({
    name: 'gateway_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its response',
    labelNames: ['operation', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics],
  });
  const seen = new Set<string>();
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, response, operationName }) {
          const operation = operationLabel(operationName ?? request.operationName, seen);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = outcomeOf(response.http.status, body?.data != null, body?.errors?.length ?? 0);
          requests.inc({ operation, outcome });
          duration.observe({ operation, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
