import { describe, expect, it } from 'vitest';
import { throttleAlert } from '../../../subgraphs/warehouse/src/domain/alert-throttle.js';

const WINDOW_MS = 15 * 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, minutes));

describe('the rate limit of a notifying alert sink', () => {
  it('sends the first alert of an item', () => {
    expect(throttleAlert(null, at(0), WINDOW_MS)).toEqual({ send: true, suppressedSince: 0 });
  });

  it('holds back alerts inside the window after a notification', () => {
    expect(throttleAlert({ lastSentAt: at(0), suppressed: 0 }, at(14), WINDOW_MS)).toEqual({ send: false });
  });

  it('sends again once the window has passed, naming how many it held back', () => {
    expect(throttleAlert({ lastSentAt: at(0), suppressed: 3 }, at(15), WINDOW_MS)).toEqual({
      send: true,
      suppressedSince: 3,
    });
  });

  it('sends everything with a window of 0', () => {
    expect(throttleAlert({ lastSentAt: at(0), suppressed: 0 }, at(0), 0)).toEqual({ send: true, suppressedSince: 0 });
  });
});
