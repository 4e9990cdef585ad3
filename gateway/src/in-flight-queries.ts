/**
 * Identical read-only subgraph fetches under way at the same moment share one request: when
 * many clients ask for the same page at once, a subgraph answers it once. The key holds the
 * query, its variables and the caller's credentials, so nobody ever receives an answer that
 * was fetched for someone else; mutations never pass through here.
 */
export class InFlightQueries<T> {
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, fetch: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const started = fetch().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }
}

export function inFlightKey(query: string, variables: unknown, authorization: string | undefined): string {
  return JSON.stringify([query, variables ?? null, authorization ?? null]);
}
