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

/**
 * Like keyedLoader, for counts (a connection's `totalCount`): one grouped COUNT per batch,
 * whatever the number of keys; a key without rows counts 0.
 */
export function countLoader<K>(count: (keys: K[]) => Promise<{ key: K; count: number }[]>): DataLoader<K, number> {
  return new DataLoader<K, number>(async (keys) => {
    const counts = new Map((await count([...keys])).map((row) => [row.key, row.count]));
    return keys.map((key) => counts.get(key) ?? 0);
  });
}
