import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import {
  MAX_LINE_QUANTITY,
  MAX_RESERVATION_DAYS,
  MAX_RESERVATION_LINES,
  releaseStockInput,
  reserveStockInput,
} from '../../../subgraphs/warehouse/src/domain/reservation-input.js';

const now = new Date('2026-11-27T10:00:00.000Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const product = (n: number) => `01JD${String(n).padStart(22, '0')}`;

const valid = {
  orderId: '01JD0RDER00000000000000000',
  lines: [
    { productId: product(1), quantity: 2 },
    { productId: product(2), quantity: 1 },
  ],
  expiresAt: minutes(30),
};

/** The field BAD_USER_INPUT names for an input, or null when the input is accepted. */
function refusedField(input: Record<string, unknown>): string | null {
  try {
    parseInput(reserveStockInput(now), input, 'input');
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    return String(error.extensions.field);
  }
}

describe('reserveStock input', () => {
  it('accepts a sensible reservation as it is', () => {
    expect(parseInput(reserveStockInput(now), valid)).toEqual(valid);
  });

  it.each([1, 17, MAX_LINE_QUANTITY])('accepts a quantity of %i', (quantity) => {
    expect(refusedField({ ...valid, lines: [{ productId: product(1), quantity }] })).toBeNull();
  });

  it.each([0, -1, MAX_LINE_QUANTITY + 1, 1.5])('refuses a quantity of %d, naming the line', (quantity) => {
    const lines = [valid.lines[0], { productId: product(2), quantity }];
    expect(refusedField({ ...valid, lines })).toBe('input.lines.1.quantity');
  });

  it('refuses an order without lines', () => {
    expect(refusedField({ ...valid, lines: [] })).toBe('input.lines');
  });

  it(`accepts ${MAX_RESERVATION_LINES} lines and refuses one more`, () => {
    const lines = (count: number) => Array.from({ length: count }, (_, i) => ({ productId: product(i), quantity: 1 }));
    expect(refusedField({ ...valid, lines: lines(MAX_RESERVATION_LINES) })).toBeNull();
    expect(refusedField({ ...valid, lines: lines(MAX_RESERVATION_LINES + 1) })).toBe('input.lines');
  });

  it('refuses a product on two lines, naming the second', () => {
    const lines = [...valid.lines, { productId: product(1), quantity: 3 }];
    expect(refusedField({ ...valid, lines })).toBe('input.lines.2.productId');
  });

  it.each(['', 'not-a-ulid', '01jd0000000000000000000000'])('refuses the product id %j', (productId) => {
    expect(refusedField({ ...valid, lines: [{ productId, quantity: 1 }] })).toBe('input.lines.0.productId');
  });

  it('refuses an order id that is not a ULID', () => {
    expect(refusedField({ ...valid, orderId: 'order-1' })).toBe('input.orderId');
  });

  it.each([
    ['now', 0],
    ['in the past', -1],
  ])('refuses a deadline %s', (_when, offset) => {
    expect(refusedField({ ...valid, expiresAt: minutes(offset) })).toBe('input.expiresAt');
  });

  it(`refuses a deadline more than ${MAX_RESERVATION_DAYS} days ahead`, () => {
    expect(refusedField({ ...valid, expiresAt: minutes(MAX_RESERVATION_DAYS * 24 * 60) })).toBeNull();
    expect(refusedField({ ...valid, expiresAt: minutes(MAX_RESERVATION_DAYS * 24 * 60 + 1) })).toBe('input.expiresAt');
  });
});

describe('releaseStock arguments', () => {
  it('keeps the reason as plain, trimmed text', () => {
    expect(parseInput(releaseStockInput, { orderId: valid.orderId, reason: '  payment provider down ' })).toEqual({
      orderId: valid.orderId,
      reason: 'payment provider down',
    });
  });

  it.each([
    [{ orderId: valid.orderId, reason: '   ' }, 'reason'],
    [{ orderId: valid.orderId, reason: 'x'.repeat(501) }, 'reason'],
    [{ orderId: 'nope', reason: 'placement failed' }, 'orderId'],
  ])('refuses %j, naming %s', (args, field) => {
    expect(() => parseInput(releaseStockInput, args)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }),
    );
  });
});
