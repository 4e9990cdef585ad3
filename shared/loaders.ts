import DataLoader from 'dataloader';

/**
 * Per-request batch loaders: every key asked for while resolving one level of a query is
 * fetched with one SQL statement (the N+1 problem of entity resolution), and results come
 * back in key order as DataLoader requires.
 */
export function keyedLoader<K, V>(
  load: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
  cacheKeyFn?: (key: K) => unknown,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null, unknown>(
    async (keys) => {
      const rows = await load([...keys]);
      const byKey = new Map<unknown, V>();
      for (const row of rows) byKey.set(cacheKeyFn ? cacheKeyFn(keyOf(row)) : keyOf(row), row);
      return keys.map((key) => byKey.get(cacheKeyFn ? cacheKeyFn(key) : key) ?? null);
    },
    cacheKeyFn ? { cacheKeyFn } : {},
  );
}

/** Like keyedLoader, for one-to-many: each key gets the (possibly empty) list of its rows. */
export function groupedLoader<K, V>(
  load: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
  cacheKeyFn?: (key: K) => unknown,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[], unknown>(
    async (keys) => {
      const rows = await load([...keys]);
      const groups = new Map<unknown, V[]>();
      for (const row of rows) {
        const key = cacheKeyFn ? cacheKeyFn(keyOf(row)) : keyOf(row);
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
      return keys.map((key) => groups.get(cacheKeyFn ? cacheKeyFn(key) : key) ?? []);
    },
    cacheKeyFn ? { cacheKeyFn } : {},
  );
}
