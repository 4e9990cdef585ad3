import { AsyncLocalStorage } from 'node:async_hooks';
import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * The deadline of the subgraph fetch in progress. RemoteGraphQLDataSource builds the HTTP
 * request itself and gives the fetcher no way in, so the abort signal of the fetch's deadline
 * travels with the async context instead: `withDeadline` sets it around one fetch, and the
 * fetcher from `fetcherHonouringDeadlines` attaches it to the HTTP request. When the deadline
 * passes, the socket is closed at once: a subgraph that hangs holds no gateway resources.
 */
const currentDeadline = new AsyncLocalStorage<AbortSignal>();

export function withDeadline<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  return currentDeadline.run(signal, run);
}

export function fetcherHonouringDeadlines(base: Fetcher): Fetcher {
  return (url, init) => {
    const signal = currentDeadline.getStore();
    return base(url, signal ? { ...init, signal } : init);
  };
}
