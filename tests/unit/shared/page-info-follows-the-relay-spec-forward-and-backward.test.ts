import { describe, expect, it } from 'vitest';
import {
  encodeCursor,
  type GivenPageArgs,
  type KeysetRead,
  keysetIdFilters,
  keysetRead,
  type ListOrder,
  pageWindow,
  toConnection,
} from '../../../shared/pagination.js';

const DEFAULT_SIZE = 3;
const STORED = ['b', 'd', 'f', 'h', 'j', 'l', 'n'];
// Cursors of stored rows, and of rows no longer listed (deleted, archived, unpublished): a
// cursor stays a position in the list either way.
const CURSOR_IDS = [undefined, 'a', 'b', 'e', 'f', 'j', 'm', 'n', 'o'];
const SIZES = [undefined, 1, 2, 3, 7, 8];

/** What a data layer does with a keyset read: the page's rows in reading order, and whether rows lie beyond. */
function database(read: KeysetRead) {
  const inRange = STORED.filter(
    (id) => (read.idAbove === null || id > read.idAbove) && (read.idBelow === null || id < read.idBelow),
  ).sort();
  if (read.descending) inRange.reverse();
  const beyond =
    read.beyond !== null &&
    STORED.some(
      (id) =>
        (read.beyond?.idAtLeast == null || id >= read.beyond.idAtLeast) &&
        (read.beyond?.idAtMost == null || id <= read.beyond.idAtMost),
    );
  return { rows: inRange.slice(0, read.limit).map((id) => ({ id })), beyond };
}

/**
 * The Relay Cursor Connections spec's algorithm over the whole list, literally
 * (https://relay.dev/graphql/connections.htm#sec-Pagination-algorithm), with `first` defaulting
 * when neither `first` nor `last` is given, and a server that can always tell whether rows
 * exist beyond a cursor.
 */
function relaySpec(order: ListOrder, args: GivenPageArgs) {
  const all = order === 'ascending' ? [...STORED].sort() : [...STORED].sort().reverse();
  // "before" in the list's order, for a cursor whose row may be gone.
  const precedes = (id: string, cursor: string) => (order === 'ascending' ? id < cursor : id > cursor);
  const after = args.after;
  const before = args.before;
  let edges = all;
  if (after !== undefined) edges = edges.filter((id) => precedes(after, id));
  if (before !== undefined) edges = edges.filter((id) => precedes(id, before));
  const first = args.first ?? (args.last === undefined ? DEFAULT_SIZE : undefined);
  const last = args.last;
  let page = edges;
  if (first !== undefined && page.length > first) page = page.slice(0, first);
  if (last !== undefined && page.length > last) page = page.slice(-last);
  const hasPreviousPage =
    last !== undefined
      ? edges.length > last
      : after !== undefined && all.some((id) => id === after || precedes(id, after));
  const hasNextPage =
    first !== undefined
      ? edges.length > first
      : before !== undefined && all.some((id) => id === before || precedes(before, id));
  return {
    ids: page,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: page[0] === undefined ? null : encodeCursor(page[0]),
      endCursor: page.at(-1) === undefined ? null : encodeCursor(page.at(-1) as string),
    },
  };
}

function* everyArgumentSet(): Generator<GivenPageArgs> {
  for (const after of CURSOR_IDS)
    for (const before of CURSOR_IDS)
      for (const size of SIZES)
        for (const backward of [false, true]) {
          if (backward && size === undefined) continue;
          yield {
            ...(after === undefined ? {} : { after: encodeCursor(after) }),
            ...(before === undefined ? {} : { before: encodeCursor(before) }),
            ...(size === undefined ? {} : backward ? { last: size } : { first: size }),
          };
        }
}

const decoded = (args: GivenPageArgs): GivenPageArgs => ({
  ...args,
  after: args.after && Buffer.from(args.after, 'base64url').toString().slice(3),
  before: args.before && Buffer.from(args.before, 'base64url').toString().slice(3),
});

describe('a keyset page and its PageInfo', () => {
  it.each(['ascending', 'descending'] as const)(
    'match the Relay spec’s algorithm for every first/last/after/before, in a list read %s',
    (order) => {
      let checked = 0;
      for (const args of everyArgumentSet()) {
        const window = pageWindow(args, DEFAULT_SIZE);
        const { rows, beyond } = database(keysetRead(window, order));
        const connection = toConnection(rows, window, beyond, async () => STORED.length);
        const expected = relaySpec(order, decoded(args));
        expect({ args, ids: connection.edges.map((edge) => edge.node.id), pageInfo: connection.pageInfo }).toEqual({
          args,
          ids: expected.ids,
          pageInfo: expected.pageInfo,
        });
        expect(connection.edges.map((edge) => edge.cursor)).toEqual(expected.ids.map(encodeCursor));
        checked++;
      }
      expect(checked).toBe(CURSOR_IDS.length ** 2 * (2 * SIZES.length - 1));
    },
  );

  it('reads no row beyond the cursor unless paging starts from one', () => {
    expect(keysetRead(pageWindow({ first: 2 }, DEFAULT_SIZE), 'ascending').beyond).toBeNull();
    expect(keysetRead(pageWindow({ last: 2 }, DEFAULT_SIZE), 'descending').beyond).toBeNull();
    // Paging forward, `before` only bounds the range: what lies past it is not asked.
    expect(
      keysetRead(pageWindow({ first: 2, before: encodeCursor('f') }, DEFAULT_SIZE), 'ascending').beyond,
    ).toBeNull();
  });

  it('probes beyond the cursor outwards from it, so the first match is the nearest row', () => {
    const probe = (args: GivenPageArgs, order: ListOrder) => {
      const filters = keysetIdFilters(keysetRead(pageWindow(args, DEFAULT_SIZE), order));
      return { beyond: filters.beyond, order: filters.beyondOrder };
    };
    // Ascending, beyond `after` lie the lower ids: read them from the cursor down.
    expect(probe({ first: 2, after: encodeCursor('m') }, 'ascending')).toEqual({ beyond: { lte: 'm' }, order: 'desc' });
    // Descending (newest first), beyond `after` lie the higher ids: read them from the cursor up.
    expect(probe({ first: 2, after: encodeCursor('m') }, 'descending')).toEqual({ beyond: { gte: 'm' }, order: 'asc' });
    expect(probe({ last: 2, before: encodeCursor('m') }, 'ascending')).toEqual({ beyond: { gte: 'm' }, order: 'asc' });
    expect(probe({ last: 2, before: encodeCursor('m') }, 'descending')).toEqual({
      beyond: { lte: 'm' },
      order: 'desc',
    });
  });

  it('counts the whole list only when asked', async () => {
    let counted = 0;
    const connection = toConnection([], pageWindow({}, DEFAULT_SIZE), false, async () => ++counted);
    expect(counted).toBe(0);
    expect(await connection.count()).toBe(1);
  });
});
