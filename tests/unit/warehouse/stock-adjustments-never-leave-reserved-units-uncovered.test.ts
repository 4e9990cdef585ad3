import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import {
  ADJUSTMENT_REASON_MAX_LENGTH,
  adjustmentRefusal,
  adjustStockInput,
  MAX_ADJUSTMENT,
  MAX_ON_HAND,
} from '../../../subgraphs/warehouse/src/domain/stock-adjustment.js';

const valid = {
  warehouseId: '01JDWAREH5E000000000000000',
  productId: '01JDPR0D0CT000000000000000',
  delta: 24,
  reason: 'Delivery note 2026-118',
};

function refusedField(input: Record<string, unknown>): string | null {
  try {
    parseInput(adjustStockInput, input, 'input');
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    return String(error.extensions.field);
  }
}

describe('adjustStock input', () => {
  it.each([1, -1, 24, MAX_ADJUSTMENT, -MAX_ADJUSTMENT])('accepts a delta of %i', (delta) => {
    expect(refusedField({ ...valid, delta })).toBeNull();
  });

  it.each([0, 2.5, MAX_ADJUSTMENT + 1, -MAX_ADJUSTMENT - 1])('refuses a delta of %d', (delta) => {
    expect(refusedField({ ...valid, delta })).toBe('input.delta');
  });

  it.each(['', '  ', 'ok', 'x'.repeat(ADJUSTMENT_REASON_MAX_LENGTH + 1)])('refuses the reason %j', (reason) => {
    expect(refusedField({ ...valid, reason })).toBe('input.reason');
  });

  it.each(['warehouseId', 'productId'])('refuses a %s that is not a ULID', (field) => {
    expect(refusedField({ ...valid, [field]: 'BER-1' })).toBe(`input.${field}`);
  });
});

describe('which adjustments stock allows', () => {
  it('allows receiving goods, also for a product the warehouse never held', () => {
    expect(adjustmentRefusal({ onHand: 3, reserved: 3 }, 10)).toBeNull();
    expect(adjustmentRefusal(null, 10)).toBeNull();
  });

  it('allows writing off units nobody has reserved, down to exactly the reserved ones', () => {
    expect(adjustmentRefusal({ onHand: 10, reserved: 4 }, -6)).toBeNull();
    expect(adjustmentRefusal({ onHand: 10, reserved: 0 }, -10)).toBeNull();
  });

  it('refuses writing off units reserved for orders', () => {
    expect(adjustmentRefusal({ onHand: 10, reserved: 4 }, -7)).toMatch(/4 of the 10 units on hand are reserved/);
  });

  it('refuses making on hand negative, also for a product the warehouse never held', () => {
    expect(adjustmentRefusal({ onHand: 2, reserved: 0 }, -3)).toMatch(/only 2 units are on hand/);
    expect(adjustmentRefusal(null, -1)).toMatch(/only 0 units are on hand/);
  });

  it('refuses counting more than a stock row may hold', () => {
    expect(adjustmentRefusal({ onHand: MAX_ON_HAND, reserved: 0 }, 1)).toMatch(/at most/);
  });
});
