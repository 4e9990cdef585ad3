import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../shared/services.js';
import { type AcknowledgedOrder, type DrillVerdict, judgeDrill } from './checks.js';
import { type DrillTarget, prepareDrillShop } from './drill-shop.js';
import { openEvidenceReader } from './evidence.js';
import type { DrillResult } from './report.js';
import type { DrillPart, DrillSettings } from './settings.js';
import { startSteadyLoad } from './steady-load.js';
import { baselineAndOutage, firstSuccessAfter, recoveredAt } from './window-stats.js';

/**
 * The failure drills: under a steady checkout load, one part at a time is killed with SIGKILL
 * and brought back; then the load stops, the backlog drains, and the databases are asked
 * whether any acknowledged checkout was lost or any effect applied twice. `npm run drill`
 * (run.ts) and the suite's short drill run this same code against their own stacks.
 */

/** How a drill reaches the stack under test and its processes. */
export interface DrillControls extends DrillTarget {
  /** `/health/ready` of every service and the workers, as they run now. */
  readyUrls(): string[];
  /** Kills the part with SIGKILL; resolves once it is gone. */
  kill(part: DrillPart): Promise<void>;
  /** Starts the part again where no supervisor does (a no-op where one does); resolves once started. */
  restart(part: DrillPart): Promise<void>;
  /**
   * Starts measuring the CPU the machine spends on anything but the stack and the drill; the
   * returned function ends it (% of one core, undefined where it cannot be read).
   */
  otherWork?: () => () => number | undefined;
}

/**
 * The workers' settings under a drill: published events are checked against the consumers'
 * inboxes this soon (instead of after a minute), so a drill's backlog drains in seconds.
 */
export const DRILL_WORKER_ENV: Readonly<Record<string, string>> = {
  OUTBOX_RECONCILE_AFTER_MS: '5000',
  OUTBOX_RECONCILE_EVERY_MS: '2000',
};

/** `/health/ready` of the gateway, every subgraph and the workers, from their base URLs. */
export function stackReadyUrls(stack: {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  workersUrl: string;
}): string[] {
  const ready = (url: string) => new URL('/health/ready', url).toString();
  return [
    ready(stack.gatewayUrl),
    ...SUBGRAPH_NAMES.map((name) => ready(stack.subgraphUrls[name])),
    ready(stack.workersUrl),
  ];
}

/** Customers sharing the load, round robin: each checkout uses a new cart of one of them. */
const CUSTOMERS = 8;
const POLL_MS = 250;
/** As long as the stack's supervisor waits before its first restart (supervisor.ts). */
const RESTART_DELAY_MS = 500;

async function allReady(urls: readonly string[]): Promise<boolean> {
  const answers = await Promise.all(
    urls.map((url) =>
      fetch(url, { signal: AbortSignal.timeout(2000) })
        .then(async (response) => {
          await response.body?.cancel();
          return response.status === 200;
        })
        .catch(() => false),
    ),
  );
  return answers.every(Boolean);
}

export async function runDrills(
  controls: DrillControls,
  settings: DrillSettings,
  log: (line: string) => void,
): Promise<DrillResult[]> {
  const shop = await prepareDrillShop(controls, CUSTOMERS);
  const evidence = openEvidenceReader((subgraph) => controls.databaseUrl(subgraph));
  const results: DrillResult[] = [];
  let rounds = 0;
  try {
    for (const part of settings.parts) {
      const acknowledged = new Map<string, AcknowledgedOrder>();
      const otherWork = controls.otherWork?.();
      const firstRound = rounds;
      const load = startSteadyLoad({
        ratePerSecond: settings.ratePerSecond,
        maxInFlight: settings.maxInFlight,
        checkout: (round) => {
          rounds = Math.max(rounds, firstRound + round + 1);
          return shop.checkout(firstRound + round, (order) => acknowledged.set(order.orderId, order));
        },
      });
      await sleep(settings.baselineSeconds * 1000);

      log(`${part}: kill -9`);
      const killedAt = performance.now();
      await controls.kill(part);
      await sleep(RESTART_DELAY_MS);
      await controls.restart(part);

      const giveUpAt = killedAt + settings.recoveryTimeoutSeconds * 1000;
      let allReadyAt: number | undefined;
      let recovered: number | undefined;
      while (recovered === undefined && performance.now() < giveUpAt) {
        if (allReadyAt === undefined && (await allReady(controls.readyUrls()))) allReadyAt = performance.now();
        recovered = recoveredAt(firstSuccessAfter(load.samples, killedAt)?.endedAt, allReadyAt);
        if (recovered === undefined) await sleep(POLL_MS);
      }
      log(recovered === undefined ? `${part}: not recovered` : `${part}: recovered`);
      if (recovered !== undefined) await sleep(settings.afterSeconds * 1000);
      await load.stop();
      const loadStoppedAt = performance.now();
      const firstSuccess = firstSuccessAfter(load.samples, killedAt);

      const orderIds = [...acknowledged.keys()];
      const scope = {
        orderIds,
        productIds: shop.productIds,
        promotionIds: [shop.promotion.id],
        initialOnHand: shop.initialOnHand,
      };
      const acked = [...acknowledged.values()];
      const drainDeadline = loadStoppedAt + settings.drainTimeoutSeconds * 1000;
      let verdict: DrillVerdict;
      let drainSeconds: number | undefined;
      for (;;) {
        verdict = judgeDrill(acked, await evidence.read(scope));
        const backlog = await evidence.backlog(orderIds);
        if (verdict.lost.count === 0 && backlog.unsettled === 0) {
          drainSeconds = (performance.now() - loadStoppedAt) / 1000;
          break;
        }
        if (performance.now() >= drainDeadline) break;
        await sleep(POLL_MS * 2);
      }
      // A duplicate delivered late would land now: judge once more after the queues went quiet.
      await sleep(1000);
      verdict = judgeDrill(acked, await evidence.read(scope));

      const result: DrillResult = {
        part,
        acknowledgedPaid: acked.filter((order) => order.paid).length,
        acknowledgedUnpaid: acked.filter((order) => !order.paid).length,
        verdict,
        firstCheckoutSeconds: firstSuccess ? (firstSuccess.endedAt - killedAt) / 1000 : undefined,
        recoverySeconds: recovered === undefined ? undefined : (recovered - killedAt) / 1000,
        ...baselineAndOutage(load.samples, killedAt, recovered ?? loadStoppedAt),
        drainSeconds,
        otherWorkPercent: otherWork?.(),
      };
      const errors = new Map<string, number>();
      for (const sample of load.samples) {
        if (sample.error) errors.set(sample.error, (errors.get(sample.error) ?? 0) + 1);
      }
      for (const [error, count] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 3)) {
        log(`${part}: ${count}× ${error.slice(0, 160)}`);
      }
      results.push(result);
    }
  } finally {
    await evidence.close();
    await shop.close();
  }
  return results;
}
