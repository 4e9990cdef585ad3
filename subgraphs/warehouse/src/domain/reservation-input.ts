import { freeText, ulid, z } from '../../../../shared/validation.js';
import { shippingDestinationInput } from './shipping-destination.js';

export const MAX_LINE_QUANTITY = 999;
export const MAX_RESERVATION_LINES = 100;
/**
 * An unconfirmed reservation holds stock no shopper can buy; one that outlives a week is a
 * mistake upstream, not a slow payment. Confirmed reservations end with their order's events.
 */
export const MAX_RESERVATION_DAYS = 7;
export const RELEASE_REASON_MAX_LENGTH = 500;

const DAY_MS = 24 * 60 * 60 * 1000;

const reserveLine = z.object({
  productId: ulid,
  quantity: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`),
});

/**
 * The input of reserveStock, checked against the request's `now`. Each product appears once:
 * two lines of one product would be one line to the warehouse, and the caller (the order
 * subgraph) merges cart lines before reserving.
 */
export function reserveStockInput(now: Date) {
  return z.object({
    orderId: ulid,
    lines: z
      .array(reserveLine)
      .min(1, 'must have at least one line')
      .max(MAX_RESERVATION_LINES, `must have at most ${MAX_RESERVATION_LINES} lines`)
      .superRefine((lines, context) => {
        const seen = new Set<string>();
        lines.forEach((line, index) => {
          if (seen.has(line.productId)) {
            context.addIssue({ code: 'custom', path: [index, 'productId'], message: 'appears on more than one line' });
          }
          seen.add(line.productId);
        });
      }),
    expiresAt: z
      .date()
      .refine((expiresAt) => expiresAt > now, 'must be in the future')
      .refine(
        (expiresAt) => expiresAt.getTime() <= now.getTime() + MAX_RESERVATION_DAYS * DAY_MS,
        `must be at most ${MAX_RESERVATION_DAYS} days ahead`,
      ),
    destination: shippingDestinationInput.nullish(),
    customerId: ulid.nullish(),
  });
}
export type ReserveStockInput = z.output<ReturnType<typeof reserveStockInput>>;

export const releaseStockInput = z.object({
  orderId: ulid,
  reason: freeText(RELEASE_REASON_MAX_LENGTH),
});
export type ReleaseStockInput = z.output<typeof releaseStockInput>;

/** The input of renewStockReservation: the renewed hold's deadline, like a first reservation's, within a week. */
export function renewStockInput(now: Date) {
  return z.object({
    orderId: ulid,
    renewedAtVersion: z.number().int().min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000'),
    expiresAt: reserveStockInput(now).shape.expiresAt,
  });
}
