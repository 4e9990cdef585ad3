import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parsePageArgs, toConnection } from '../../../shared/pagination.js';

describe('cursor pagination', () => {
  it('round-trips an id through an opaque cursor', () => {
    expect(decodeCursor(encodeCursor('01KDVDNA06S723H82GXNDCXWZR'))).toBe('01KDVDNA06S723H82GXNDCXWZR');
  });

  it.each(['', 'garbage', Buffer.from('id:').toString('base64url'), Buffer.from('xx:1').toString('base64url')])(
    'refuses the malformed cursor %j with BAD_USER_INPUT',
    (cursor) => {
      expect(() => parsePageArgs({ first: 5, after: cursor || 'x' })).toThrowError(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }) }),
      );
    },
  );

  it.each([0, -1, 101, 2.5])('refuses a page size of %d', (first) => {
    expect(() => parsePageArgs({ first })).toThrowError(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first' }) }),
    );
  });

  it('reports another page only when the extra row was found', () => {
    const window = parsePageArgs({ first: 2 });
    const full = toConnection([{ id: 'a' }, { id: 'b' }, { id: 'c' }], window);
    expect(full.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(full.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    const last = toConnection([{ id: 'a' }], window);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor('a') });
    expect(toConnection([], window).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
