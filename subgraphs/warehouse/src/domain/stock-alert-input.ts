import { ulid, z } from '../../../../shared/validation.js';
import { MAX_LOW_STOCK_THRESHOLD } from './stock-alerts.js';

const threshold = z
  .number()
  .int('must be a whole number')
  .min(0, `must be between 0 and ${MAX_LOW_STOCK_THRESHOLD}`)
  .max(MAX_LOW_STOCK_THRESHOLD, `must be between 0 and ${MAX_LOW_STOCK_THRESHOLD}`);

/** setLowStockThreshold: one item's own threshold, or null to follow its warehouse's again. */
export const setLowStockThresholdInput = z.object({
  warehouseId: ulid,
  productId: ulid,
  threshold: threshold.nullable(),
});
export type SetLowStockThresholdInput = z.output<typeof setLowStockThresholdInput>;

/** setWarehouseLowStockThreshold: the default of every item of the warehouse without one of its own. */
export const setWarehouseLowStockThresholdInput = z.object({
  warehouseId: ulid,
  threshold,
});
export type SetWarehouseLowStockThresholdInput = z.output<typeof setWarehouseLowStockThresholdInput>;

export const STOCK_ALERT_KINDS = ['STOCK_LOW', 'STOCK_OUT', 'STOCK_RECOVERED'] as const;
export type StockAlertKind = (typeof STOCK_ALERT_KINDS)[number];

/** The filter of query stockAlerts: every field optional, all given ones must match. */
export const stockAlertFilter = z
  .object({
    warehouseId: ulid.nullish(),
    productId: ulid.nullish(),
    kinds: z.array(z.enum(STOCK_ALERT_KINDS)).min(1, 'must name at least one kind').nullish(),
    acknowledged: z.boolean().nullish(),
  })
  .nullish();
export type StockAlertFilter = NonNullable<z.output<typeof stockAlertFilter>>;

export const acknowledgeStockAlertArgs = z.object({ id: ulid });
