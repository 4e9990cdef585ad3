import { describe, expect, it } from 'vitest';
import { availabilityOf, LOW_STOCK_THRESHOLD } from '../../../subgraphs/warehouse/src/domain/availability.js';

describe('product availability', () => {
  it('counts only units on hand that no reservation holds', () => {
    expect(availabilityOf({ onHand: 40, reserved: 15 })).toEqual({ status: 'IN_STOCK', quantityAvailable: 25 });
  });

  it('is low at or below the threshold and out at zero', () => {
    expect(availabilityOf({ onHand: LOW_STOCK_THRESHOLD, reserved: 0 }).status).toBe('LOW_STOCK');
    expect(availabilityOf({ onHand: LOW_STOCK_THRESHOLD + 1, reserved: 0 }).status).toBe('IN_STOCK');
    expect(availabilityOf({ onHand: 3, reserved: 3 })).toEqual({ status: 'OUT_OF_STOCK', quantityAvailable: 0 });
  });

  it('treats a product without stock rows as out of stock', () => {
    expect(availabilityOf(null)).toEqual({ status: 'OUT_OF_STOCK', quantityAvailable: 0 });
  });

  it('never reports a negative quantity, even for inconsistent totals', () => {
    expect(availabilityOf({ onHand: 1, reserved: 4 }).quantityAvailable).toBe(0);
  });
});
