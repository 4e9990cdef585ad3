import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NODE_OPTIONS, serviceEnvironment } from '../../../scripts/stack/processes.js';

describe('the environment a service runs with', () => {
  it('gives every subgraph small semi-spaces and every service two malloc arenas', () => {
    for (const subgraph of ['catalog', 'order', 'review']) {
      expect(serviceEnvironment(subgraph, { PORT: '0' })).toEqual({
        MALLOC_ARENA_MAX: '2',
        PORT: '0',
        NODE_OPTIONS: SUBGRAPH_NODE_OPTIONS,
      });
    }
    for (const service of ['gateway', 'workers']) {
      expect(serviceEnvironment(service, {})).toEqual({ MALLOC_ARENA_MAX: '2' });
    }
  });

  it("puts the caller's NODE_OPTIONS last, so a flag it repeats wins, and its own settings first", () => {
    const env = serviceEnvironment('pricing', {
      NODE_OPTIONS: '--max-semi-space-size=16 --enable-source-maps',
      MALLOC_ARENA_MAX: '4',
    });
    expect(env.NODE_OPTIONS).toBe(`${SUBGRAPH_NODE_OPTIONS} --max-semi-space-size=16 --enable-source-maps`);
    expect(env.MALLOC_ARENA_MAX).toBe('4');
    expect(serviceEnvironment('gateway', { NODE_OPTIONS: '--enable-source-maps' }).NODE_OPTIONS).toBe(
      '--enable-source-maps',
    );
  });
});
