import { describe, expect, it } from 'vitest';
import { operationLabel, outcomeOf } from '../../../gateway/src/edge/request-metrics.js';

describe('request metrics labels', () => {
  it('use well-formed operation names, and only so many of them', () => {
    const seen = new Set<string>();
    expect(operationLabel('ProductPage', seen)).toBe('ProductPage');
    expect(operationLabel(undefined, seen)).toBe('anonymous');
    expect(operationLabel('drop table; --', seen)).toBe('invalid');
    expect(operationLabel('x'.repeat(65), seen)).toBe('invalid');
    for (let n = 0; n < 5; n++) operationLabel(`Op${n}`, seen, 3);
    expect(operationLabel('OneTooMany', seen, 3)).toBe('other');
    expect(operationLabel('ProductPage', seen, 3)).toBe('ProductPage');
  });

  it('tell success, partial data, errors and refusals apart', () => {
    expect(outcomeOf(200, true, 0)).toBe('success');
    expect(outcomeOf(200, true, 1)).toBe('partial');
    expect(outcomeOf(200, false, 1)).toBe('error');
    expect(outcomeOf(400, false, 1)).toBe('refused');
    expect(outcomeOf(undefined, true, 0)).toBe('success');
  });
});
