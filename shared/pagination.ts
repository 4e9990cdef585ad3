import { badUserInput } from './errors.js';

/** Relay-style connection arguments, validated into a keyset window. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface PageWindow {
  /** Rows to return to the client. */
  size: number;
  /** Exclusive lower bound on the id (keyset pagination; ids are ULIDs in creation order). */
  afterId: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const CURSOR_PREFIX = 'id:';

export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw badUserInput('after is not a valid cursor', 'after');
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

export function parsePageArgs(args: PageArgs, maxSize = MAX_PAGE_SIZE): PageWindow {
  const size = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > maxSize) {
    throw badUserInput(`first must be between 1 and ${maxSize}`, 'first');
  }
  return { size, afterId: args.after ? decodeCursor(args.after) : null };
}

/**
 * Builds a connection from rows fetched with `size + 1` as the limit: the extra row, if
 * present, only tells that another page exists.
 */
export function toConnection<T extends { id: string }>(rows: T[], window: PageWindow): Connection<T> {
  const page = rows.slice(0, window.size);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node.id), node })),
    pageInfo: { hasNextPage: rows.length > window.size, endCursor: last ? encodeCursor(last.id) : null },
  };
}
