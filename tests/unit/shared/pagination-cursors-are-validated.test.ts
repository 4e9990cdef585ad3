import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageWindow } from '../../../shared/pagination.js';

const badUserInput = (field: string) =>
  expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });

const NOT_A_CURSOR = [
  'x',
  'garbage',
  Buffer.from('id:').toString('base64url'),
  Buffer.from('xx:1').toString('base64url'),
];

describe('cursor pagination arguments', () => {
  it('round-trips an id through an opaque cursor', () => {
    expect(decodeCursor(encodeCursor('01KDVDNA06S723H82GXNDCXWZR'))).toBe('01KDVDNA06S723H82GXNDCXWZR');
  });

  it.each(NOT_A_CURSOR)('refuses the malformed cursor %j with BAD_USER_INPUT naming after or before', (cursor) => {
    expect(() => pageWindow({ first: 5, after: cursor }, 20)).toThrowError(badUserInput('after'));
    expect(() => pageWindow({ last: 5, before: cursor }, 20)).toThrowError(badUserInput('before'));
    expect(() => pageWindow({ before: cursor }, 20)).toThrowError(badUserInput('before'));
  });

  it.each([0, -1, 101, 2.5])('refuses a page size of %d, naming first or last', (size) => {
    expect(() => pageWindow({ first: size }, 20)).toThrowError(badUserInput('first'));
    expect(() => pageWindow({ last: size }, 20)).toThrowError(badUserInput('last'));
  });

  it('refuses first and last together, naming last', () => {
    expect(() => pageWindow({ first: 5, last: 5 }, 20)).toThrowError(badUserInput('last'));
  });

  it('reads forward with the default size when neither first nor last is given', () => {
    expect(pageWindow({}, 10)).toEqual({ size: 10, direction: 'forward', afterId: null, beforeId: null });
    expect(pageWindow({ before: encodeCursor('b') }, 10)).toEqual({
      size: 10,
      direction: 'forward',
      afterId: null,
      beforeId: 'b',
    });
  });

  it('reads backward with last, between both cursors when both are given', () => {
    expect(pageWindow({ last: 3, after: encodeCursor('a'), before: encodeCursor('z') }, 20)).toEqual({
      size: 3,
      direction: 'backward',
      afterId: 'a',
      beforeId: 'z',
    });
  });
});
