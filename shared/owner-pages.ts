import DataLoader from 'dataloader';
import type { PageWindow } from './pagination.js';

/** One page of an owner's rows: a product's reviews, a customer's orders. */
export interface OwnerPageKey extends PageWindow {
  ownerId: string;
}

/** The rows of one owner's keyset read (in reading order), and whether rows lie beyond its cursor. */
export interface OwnerPage<Row> {
  rows: Row[];
  rowsBeyondCursor: boolean;
}

/** A row as the batched statement returns it: a page row, or the one row read beyond the cursor. */
export type ReadRow<Row> = Row & { beyond: boolean };

const windowId = (window: PageWindow) =>
  `${window.direction}|${window.size}|${window.afterId ?? ''}|${window.beforeId ?? ''}`;

/**
 * Batches "page N of each owner's list", forward or backward. Keys asked together normally
 * share one window (the same arguments on every item of a list), and each distinct window is
 * ONE statement for all its owners: `fetchPage` reads up to `size + 1` rows per owner in
 * reading order, plus at most one row per owner beyond the starting cursor (`beyond: true`).
 */
export function ownerPageLoader<Row>(
  fetchPage: (ownerIds: string[], window: PageWindow) => Promise<ReadRow<Row>[]>,
  ownerOf: (row: Row) => string,
): DataLoader<OwnerPageKey, OwnerPage<Row>> {
  return new DataLoader<OwnerPageKey, OwnerPage<Row>, string>(
    async (keys) => {
      const windows = new Map<string, OwnerPageKey[]>();
      for (const key of keys) windows.set(windowId(key), [...(windows.get(windowId(key)) ?? []), key]);
      const pagesBySlot = new Map<string, OwnerPage<Row>>();
      const pageOf = (slot: string) => {
        const page = pagesBySlot.get(slot) ?? { rows: [], rowsBeyondCursor: false };
        pagesBySlot.set(slot, page);
        return page;
      };
      await Promise.all(
        [...windows.entries()].map(async ([id, group]) => {
          const window = group[0] as PageWindow;
          const read = await fetchPage([...new Set(group.map((key) => key.ownerId))], window);
          for (const { beyond, ...fields } of read) {
            const row = fields as Row;
            const page = pageOf(`${id}|${ownerOf(row)}`);
            if (beyond) page.rowsBeyondCursor = true;
            else page.rows.push(row);
          }
        }),
      );
      return keys.map(
        (key) => pagesBySlot.get(`${windowId(key)}|${key.ownerId}`) ?? { rows: [], rowsBeyondCursor: false },
      );
    },
    { cacheKeyFn: (key) => `${windowId(key)}|${key.ownerId}` },
  );
}
