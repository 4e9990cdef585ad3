import { describe, expect, it } from 'vitest';
import {
  judgeStock,
  type StockAlertLevel,
  stockAlertCrossing,
  stockAlertLevel,
} from '../../../subgraphs/warehouse/src/domain/stock-alerts.js';

describe('the level of a stock item', () => {
  it('is OUT with nothing available, LOW at or below the threshold, OK above it', () => {
    expect(stockAlertLevel(0, 5)).toBe('OUT');
    expect(stockAlertLevel(1, 5)).toBe('LOW');
    expect(stockAlertLevel(5, 5)).toBe('LOW');
    expect(stockAlertLevel(6, 5)).toBe('OK');
  });

  it('is never LOW with a threshold of 0: the item only runs out', () => {
    expect(stockAlertLevel(1, 0)).toBe('OK');
    expect(stockAlertLevel(0, 0)).toBe('OUT');
  });

  it('counts reserved units as gone: they belong to orders', () => {
    expect(judgeStock({ onHand: 10, reserved: 10, threshold: 3, reportedLevel: 'OK' }).level).toBe('OUT');
    expect(judgeStock({ onHand: 10, reserved: 7, threshold: 3, reportedLevel: 'OK' }).level).toBe('LOW');
  });
});

describe('a stock alert', () => {
  const levels: StockAlertLevel[] = ['OK', 'LOW', 'OUT'];

  it('is nothing while the level stays where it was reported', () => {
    for (const level of levels) expect(stockAlertCrossing(level, level)).toBeNull();
  });

  it('names the level moved into, from whichever level', () => {
    expect(stockAlertCrossing('OK', 'LOW')).toBe('StockLow');
    expect(stockAlertCrossing('OUT', 'LOW')).toBe('StockLow');
    expect(stockAlertCrossing('OK', 'OUT')).toBe('StockOut');
    expect(stockAlertCrossing('LOW', 'OUT')).toBe('StockOut');
    expect(stockAlertCrossing('LOW', 'OK')).toBe('StockRecovered');
    expect(stockAlertCrossing('OUT', 'OK')).toBe('StockRecovered');
  });

  it('is raised once along a run of sales: only the sales that cross a boundary report', () => {
    let reportedLevel: StockAlertLevel = 'OK';
    const events: (string | null)[] = [];
    // 8 units, threshold 5, sold one by one, then 6 delivered.
    for (const [onHand, reserved] of [
      [8, 1],
      [8, 2],
      [8, 3],
      [8, 4],
      [8, 5],
      [8, 6],
      [8, 7],
      [8, 8],
      [14, 8],
    ] as const) {
      const decision = judgeStock({ onHand, reserved, threshold: 5, reportedLevel });
      events.push(decision.event);
      reportedLevel = decision.level;
    }
    expect(events).toEqual([null, null, 'StockLow', null, null, null, null, 'StockOut', 'StockRecovered']);
  });
});
