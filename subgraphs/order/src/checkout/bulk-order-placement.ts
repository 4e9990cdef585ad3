import { GraphQLError } from 'graphql';
import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { badUserInput } from '../../../../shared/errors.js';
import {
  failPendingRows,
  finishImport,
  markRolledBack,
  markRunning,
  ordersPlacedBy,
  pendingRows,
  recordOrderOutcome,
} from '../data/bulk-order-imports.js';
import { transitionOrder } from '../data/order-transitions.js';
import { delayBeforeNext, importedOrderHash, importedOrderKey, type RowError } from '../domain/bulk-order-file.js';
import { BULK_IMPORT_JOB } from '../domain/order-status.js';
import type { BulkOrderImport, BulkOrderImportLine, Order } from '../generated/prisma/client.js';
import { fetchOrderingCustomer } from '../services/customer.js';
import { type Buyer, type CheckoutDeps, ORDER_IN_PROGRESS, placeBasket, placeOnce } from './place-order.js';

export interface BulkPlacementDeps extends CheckoutDeps {
  /** At most this many orders are started per second, per import (BULK_ORDER_RATE_PER_SECOND). */
  ratePerSecond: number;
  /** Orders placed at the same time within one import (BULK_ORDER_CONCURRENCY). */
  concurrency: number;
  /** The currency imported orders are priced in (BULK_ORDER_CURRENCY). */
  currency: CurrencyCode;
  /** The cancellation window, which a rollback's cancellations go through like any other. */
  cancellationWindowMs: number;
  onProgress?: (done: number) => Promise<void>;
}

/** One order of the import still to place: its pending rows, in file order. */
interface PendingOrder {
  orderRef: string;
  rows: BulkOrderImportLine[];
}

function pendingOrders(rows: readonly BulkOrderImportLine[]): PendingOrder[] {
  const byRef = new Map<string, BulkOrderImportLine[]>();
  for (const row of rows) byRef.set(row.orderRef, [...(byRef.get(row.orderRef) ?? []), row]);
  return [...byRef.entries()].map(([orderRef, orderRows]) => ({ orderRef, rows: orderRows }));
}

/** A refusal as a row's error: the reason when the refusal names one (NOT_ON_SALE), else its code. */
function rowErrorOf(error: unknown): RowError {
  if (error instanceof GraphQLError) {
    const { code, reason } = error.extensions as { code?: string; reason?: string };
    return { code: reason ?? code ?? 'INTERNAL_SERVER_ERROR', message: error.message };
  }
  return { code: 'INTERNAL_SERVER_ERROR', message: 'The order could not be placed' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Times an order held by another placement is tried again, each after the claim takeover time. */
const TAKEOVER_ROUNDS = 3;

/**
 * Places one imported order through the same saga as placeOrder (placeBasket), once per
 * (fileKey, orderRef): the key's claim makes a re-run find the order instead of placing it again.
 */
async function placeImportedOrder(
  deps: BulkPlacementDeps,
  run: BulkOrderImport,
  order: PendingOrder,
): Promise<{ order: Order; replayed: boolean }> {
  const first = order.rows[0] as BulkOrderImportLine;
  const quantities = new Map<string, number>();
  for (const row of order.rows) quantities.set(row.productId, (quantities.get(row.productId) ?? 0) + row.quantity);
  const lines = [...quantities.entries()].map(([productId, quantity]) => ({ productId, quantity }));
  const promotionCodes = [
    ...new Set(order.rows.map((row) => row.promotionCode).filter((code): code is string => code !== null)),
  ];
  const { customerId, shippingAddressId } = first;
  const claim = {
    ownerKey: `customer:${customerId}`,
    idempotencyKey: importedOrderKey(run.fileKey, order.orderRef),
    requestHash: importedOrderHash({ shippingAddressId, lines, promotionCodes }),
  };
  const buyer = async (): Promise<Buyer> => {
    const customer = await fetchOrderingCustomer(deps.services.customer, customerId);
    const address = customer?.addresses.find((candidate) => candidate.id === shippingAddressId);
    if (!customer || !address) throw badUserInput("The address is not one of the customer's", 'shippingAddressId');
    return {
      customerId,
      email: customer.email,
      address,
      // The order's audit trail names who imported it: the staff member, or the business customer.
      actor: run.createdBy as AuditActor,
    };
  };
  return placeOnce(
    deps,
    claim,
    'This orderRef of this file was imported before with other lines or another address',
    (orderId) =>
      placeBasket(
        deps,
        { cartId: null, cartVersion: null, currency: deps.currency, lines, promotionCodes, channel: 'WEB' },
        buyer,
        { orderId, ownerKey: claim.ownerKey, idempotencyKey: claim.idempotencyKey },
      ),
  );
}

/**
 * Cancels every order the import placed, through the order lifecycle (their stock and promotion
 * uses are released by its OrderCancelled events). What could not be cancelled is returned.
 */
async function rollBack(deps: BulkPlacementDeps, importId: string): Promise<string[]> {
  const kept: string[] = [];
  for (const orderId of await ordersPlacedBy(deps.db, importId)) {
    try {
      await transitionOrder(
        deps.db,
        {
          orderId,
          to: 'CANCELLED',
          actor: { kind: 'system', job: BULK_IMPORT_JOB },
          reason: 'bulk import rolled back',
          now: new Date(),
          policy: { cancellationWindowMs: deps.cancellationWindowMs },
        },
        deps.metrics,
      );
    } catch (error) {
      // Cancelled already by an earlier, interrupted rollback: nothing more to undo.
      const current = await deps.db.order.findUnique({ where: { id: orderId }, select: { status: true } });
      if (current?.status !== 'CANCELLED') {
        deps.logger.error({ err: error, orderId, importId }, 'an imported order could not be rolled back');
        kept.push(orderId);
        continue;
      }
    }
    await markRolledBack(deps.db, importId, orderId);
  }
  return kept;
}

/**
 * Runs (or resumes) an import: every order whose rows are still PENDING is placed, at most
 * `ratePerSecond` started per second so shoppers keep their share of the services, each order's
 * outcome committed as soon as it is known, so a job resumed after a crash starts after the last
 * order decided (and an order placed just before the crash is found by its key, not placed again).
 */
export async function runBulkOrderImport(deps: BulkPlacementDeps, importId: string): Promise<BulkOrderImport | null> {
  const run = await markRunning(deps.db, importId, new Date());
  if (!run) return null;
  const startedAt = run.startedAt ?? new Date();
  const allOrNothing = run.mode === 'ALL_OR_NOTHING';
  let failed = allOrNothing && run.failedRows > 0;
  const queue = failed ? [] : pendingOrders(await pendingRows(deps.db, importId));
  const began = Date.now();
  let started = 0;
  let done = run.doneRows;

  // Orders whose key another placement still holds: a worker killed mid-order held it. Its claim
  // is taken over after claimTakeoverMs, so they are tried again then, never failed for it.
  const heldElsewhere: PendingOrder[] = [];
  const placeNext = async (): Promise<void> => {
    for (;;) {
      if (failed && allOrNothing) return;
      const order = queue.shift();
      if (!order) return;
      const wait = delayBeforeNext(began, started, deps.ratePerSecond, Date.now());
      started += 1;
      if (wait > 0) await sleep(wait);
      const lines = order.rows.map((row) => row.line);
      try {
        const placed = await placeImportedOrder(deps, run, order);
        // A replay of an order placed since this import began is this import's own, placed just
        // before a crash kept it from recording the outcome.
        const ours = !placed.replayed || placed.order.placedAt.getTime() >= startedAt.getTime();
        await recordOrderOutcome(deps.db, importId, lines, {
          kind: ours ? 'PLACED' : 'ALREADY_PLACED',
          orderId: placed.order.id,
        });
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions.reason === ORDER_IN_PROGRESS) {
          heldElsewhere.push(order);
          continue;
        }
        failed = true;
        await recordOrderOutcome(deps.db, importId, lines, { kind: 'FAILED', error: rowErrorOf(error) });
      }
      done += lines.length;
      await deps.onProgress?.(done);
    }
  };
  const placeAll = () => Promise.all(Array.from({ length: Math.max(1, deps.concurrency) }, placeNext));
  await placeAll();
  for (let round = 0; heldElsewhere.length > 0 && round < TAKEOVER_ROUNDS && !(failed && allOrNothing); round++) {
    await sleep(deps.settings.claimTakeoverMs);
    queue.push(...heldElsewhere.splice(0));
    await placeAll();
  }
  // Still held after that: the job fails and BullMQ retries it later, these orders still PENDING.
  if (heldElsewhere.length > 0 && !(failed && allOrNothing)) {
    throw new Error(`${heldElsewhere.length} order(s) of the import are still being placed elsewhere`);
  }

  if (allOrNothing && failed) {
    await failPendingRows(deps.db, importId, {
      code: 'NOT_ATTEMPTED',
      message: 'Not placed: another order of the import failed',
    });
    const kept = await rollBack(deps, importId);
    const failure =
      kept.length === 0
        ? 'An order could not be placed: every order the import placed was cancelled'
        : `An order could not be placed; ${kept.length} placed order(s) could not be cancelled: ${kept.join(', ')}`;
    await finishImport(deps.db, importId, 'ROLLED_BACK', failure, new Date());
  } else {
    await finishImport(deps.db, importId, 'COMPLETED', null, new Date());
  }
  return deps.db.bulkOrderImport.findUnique({ where: { id: importId } });
}
