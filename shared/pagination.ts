import { type GraphQLResolveInfo, Kind } from 'graphql';
import { badUserInput } from './errors.js';

/**
 * Relay cursor connections (https://relay.dev/graphql/connections.htm) over keyset pagination:
 * every list is ordered by its ULID ids (oldest or newest first), a cursor is an opaque
 * base64url("id:" + id), and a page is read with the id bounds the cursors give.
 */

/** Relay connection arguments as a resolver receives them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageWindow {
  /** Rows to return to the client. */
  size: number;
  /** `forward`: the first `size` rows of the range (`first`); `backward`: the last `size` (`last`). */
  direction: 'forward' | 'backward';
  /** The range starts after this row (in the list's order); null: at the start of the list. */
  afterId: string | null;
  /** The range ends before this row (in the list's order); null: at the end of the list. */
  beforeId: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** Counted only when a client selects `totalCount` (its resolver calls this). */
  count: () => Promise<number>;
}

export const MAX_PAGE_SIZE = 100;

const CURSOR_PREFIX = 'id:';

export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');
}

/** The id in a cursor; a malformed one is BAD_USER_INPUT naming the argument it came in. */
export function decodeCursor(cursor: string, argument: 'after' | 'before' = 'after'): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw badUserInput(`${argument} is not a valid cursor`, argument);
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

/** The arguments a client actually gave: null and omitted are both undefined here. */
export interface GivenPageArgs {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

/**
 * The page a client asked for. Without `first` and `last`, the page is the first
 * `defaultSize` rows (the field's `first` default), read forward; `last` reads backward.
 */
export function pageWindow(given: GivenPageArgs, defaultSize: number, maxSize = MAX_PAGE_SIZE): PageWindow {
  if (given.first !== undefined && given.last !== undefined) {
    throw badUserInput('Give first or last, not both', 'last');
  }
  const direction = given.last === undefined ? 'forward' : 'backward';
  const argument = direction === 'forward' ? 'first' : 'last';
  const size = given.last ?? given.first ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > maxSize) {
    throw badUserInput(`${argument} must be between 1 and ${maxSize}`, argument);
  }
  return {
    size,
    direction,
    afterId: given.after === undefined ? null : decodeCursor(given.after, 'after'),
    beforeId: given.before === undefined ? null : decodeCursor(given.before, 'before'),
  };
}

/**
 * Whether the operation gave an argument to this field: written in the query, and, when it is
 * a variable, the variable was sent. graphql-js fills in an omitted argument's schema default,
 * so `args` alone cannot tell `first` omitted from `first: 20`.
 */
function isGiven(info: GraphQLResolveInfo, name: string): boolean {
  const argument = info.fieldNodes[0]?.arguments?.find((node) => node.name.value === name);
  if (!argument) return false;
  if (argument.value.kind !== Kind.VARIABLE) return true;
  return Object.hasOwn(info.variableValues, argument.value.name.value);
}

/** The SDL default of one of this field's arguments: the schema is the one place defaults live. */
export function argumentDefault(info: GraphQLResolveInfo, name: string): unknown {
  const field = info.parentType.getFields()[info.fieldName];
  return field?.args.find((argument) => argument.name === name)?.defaultValue;
}

/** A non-null value the client gave for the argument; a null one means the same as omitting it. */
function givenValue<K extends keyof PageArgs>(args: PageArgs, info: GraphQLResolveInfo, name: K) {
  const value = args[name];
  return isGiven(info, name) && value !== null ? (value as NonNullable<PageArgs[K]>) : undefined;
}

/**
 * Validates a connection's arguments into a keyset window. `first: null` and `last: null` mean
 * what omitting them means: the page size is the `first` default declared in the field's SDL.
 */
export function parsePageArgs(args: PageArgs, info: GraphQLResolveInfo, maxSize = MAX_PAGE_SIZE): PageWindow {
  const defaultSize = argumentDefault(info, 'first');
  if (typeof defaultSize !== 'number') {
    throw new Error(`${info.parentType.name}.${info.fieldName} declares no default for first in its SDL`);
  }
  return pageWindow(
    {
      first: givenValue(args, info, 'first'),
      after: givenValue(args, info, 'after'),
      last: givenValue(args, info, 'last'),
      before: givenValue(args, info, 'before'),
    },
    defaultSize,
    maxSize,
  );
}

/**
 * A window as a keyset read, for a list ordered by id ascending (oldest first) or descending
 * (newest first):
 * - the page: ids strictly between `idAbove` and `idBelow`, read in `descending` order (the
 *   list's own order forward, the reverse backward), at most `limit` = size + 1 rows: the
 *   extra row only tells that more rows follow in the direction of reading;
 * - `beyond`: the rows on the far side of the cursor the reading starts from (`after` forward,
 *   `before` backward), in the range `idAtLeast`..`idAtMost` (inclusive: the cursor's own row
 *   is beyond it too). One such row tells that a page exists the other way.
 */
export interface KeysetRead {
  idAbove: string | null;
  idBelow: string | null;
  descending: boolean;
  limit: number;
  beyond: { idAtLeast: string | null; idAtMost: string | null } | null;
}

export type ListOrder = 'ascending' | 'descending';

export function keysetRead(window: PageWindow, order: ListOrder): KeysetRead {
  const ascending = order === 'ascending';
  const forward = window.direction === 'forward';
  const start = forward ? window.afterId : window.beforeId;
  // Beyond `after` lie the rows before it in the list's order; beyond `before`, those after it.
  const beyondIsLower = ascending === forward;
  return {
    idAbove: ascending ? window.afterId : window.beforeId,
    idBelow: ascending ? window.beforeId : window.afterId,
    descending: ascending !== forward,
    limit: window.size + 1,
    beyond:
      start === null
        ? null
        : beyondIsLower
          ? { idAtLeast: null, idAtMost: start }
          : { idAtLeast: start, idAtMost: null },
  };
}

/** Prisma `id` filters of a keyset read: the page's own range, and the range beyond its cursor. */
export function keysetIdFilters(read: KeysetRead): {
  page: { gt?: string; lt?: string };
  beyond: { gte?: string; lte?: string } | null;
  /**
   * The order to probe `beyond` in: outwards from the cursor along the primary key, where the
   * first match lies. Unordered, the planner may bet on an early match in a sequential scan and
   * read the whole table when the rows beyond the cursor are few or filtered out.
   */
  beyondOrder: 'asc' | 'desc';
} {
  return {
    beyondOrder: read.beyond?.idAtMost == null ? 'asc' : 'desc',
    page: {
      ...(read.idAbove === null ? {} : { gt: read.idAbove }),
      ...(read.idBelow === null ? {} : { lt: read.idBelow }),
    },
    beyond: read.beyond && {
      ...(read.beyond.idAtLeast === null ? {} : { gte: read.beyond.idAtLeast }),
      ...(read.beyond.idAtMost === null ? {} : { lte: read.beyond.idAtMost }),
    },
  };
}

/**
 * Builds a connection from the rows of a keyset read, in reading order, and whether rows exist
 * beyond its starting cursor. PageInfo follows the Relay spec's algorithm: paging forward,
 * `hasNextPage` is whether more rows follow in the range, and `hasPreviousPage` whether rows
 * exist before `after` (false without `after`); backward, the same the other way round.
 */
export function toConnection<T extends { id: string }>(
  read: T[],
  window: PageWindow,
  rowsBeyondCursor: boolean,
  count: () => Promise<number>,
): Connection<T> {
  const page = read.slice(0, window.size);
  const more = read.length > window.size;
  if (window.direction === 'backward') page.reverse();
  const edges = page.map((node) => ({ cursor: encodeCursor(node.id), node }));
  const forward = window.direction === 'forward';
  return {
    edges,
    pageInfo: {
      hasNextPage: forward ? more : window.beforeId !== null && rowsBeyondCursor,
      hasPreviousPage: forward ? window.afterId !== null && rowsBeyondCursor : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count,
  };
}

/** A page known to be empty without reading (e.g. of a category that does not exist). */
export function emptyConnection<T>(): Connection<T> {
  return {
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    count: async () => 0,
  };
}
