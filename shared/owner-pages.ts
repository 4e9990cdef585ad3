import DataLoader from 'dataloader';
import type { PageWindow } from './pagination.js';

/** One page of an owner's rows: a product's reviews, a customer's orders. */
export interface OwnerPageKey extends PageWindow {
  ownerId: string;
}

const windowId = (window: PageWindow) => `${window.size}|${window.afterId ?? ''}`;

/**
 * Batches "page N of each owner's list". Keys asked together normally share one window (the
 * same first/after on every item of a list), and each distinct window is ONE query for all
 * its owners — `fetchPage` numbers rows per owner (ROW_NUMBER() OVER (PARTITION BY owner))
 * and returns up to `size + 1` per owner.
 */
export function ownerPageLoader<Row>(
  fetchPage: (ownerIds: string[], window: PageWindow) => Promise<Row[]>,
  ownerOf: (row: Row) => string,
): DataLoader<OwnerPageKey, Row[]> {
  return new DataLoader<OwnerPageKey, Row[], string>(
    async (keys) => {
      const windows = new Map<string, OwnerPageKey[]>();
      for (const key of keys) windows.set(windowId(key), [...(windows.get(windowId(key)) ?? []), key]);
      const rowsBySlot = new Map<string, Row[]>();
      await Promise.all(
        [...windows.entries()].map(async ([id, group]) => {
          const window = group[0] as PageWindow;
          const rows = await fetchPage([...new Set(group.map((key) => key.ownerId))], window);
          for (const row of rows) {
            const slot = `${id}|${ownerOf(row)}`;
            rowsBySlot.set(slot, [...(rowsBySlot.get(slot) ?? []), row]);
          }
        }),
      );
      return keys.map((key) => rowsBySlot.get(`${windowId(key)}|${key.ownerId}`) ?? []);
    },
    { cacheKeyFn: (key) => `${windowId(key)}|${key.ownerId}` },
  );
}
