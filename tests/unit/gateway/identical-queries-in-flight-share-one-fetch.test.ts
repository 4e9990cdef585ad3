import { describe, expect, it } from 'vitest';
import { InFlightQueries, inFlightKey } from '../../../gateway/src/in-flight-queries.js';

const later = <T>(value: T, ms = 20) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('identical queries in flight', () => {
  it('share one fetch while it runs, and fetch again once it has settled', async () => {
    const queries = new InFlightQueries<string>();
    let fetches = 0;
    const fetch = () => {
      fetches++;
      return later(`answer ${fetches}`);
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => queries.run('k', fetch)));
    expect(fetches).toBe(1);
    expect(new Set(answers)).toEqual(new Set(['answer 1']));
    // Settled, it is not kept: the next run fetches anew.
    expect(await queries.run('k', fetch)).toBe('answer 2');
    expect(fetches).toBe(2);
  });

  it('share a failure too, without keeping it', async () => {
    const queries = new InFlightQueries<string>();
    const failing = () => later(null).then(() => Promise.reject(new Error('down')));
    await expect(Promise.all([queries.run('k', failing), queries.run('k', failing)])).rejects.toThrow('down');
    expect(await queries.run('k', () => later('recovered'))).toBe('recovered');
  });

  it('never share between different variables or different callers', () => {
    const query = 'query($id: ID!) { customer(id: $id) { email } }';
    const keys = new Set([
      inFlightKey(query, { id: 'a' }, undefined),
      inFlightKey(query, { id: 'b' }, undefined),
      inFlightKey(query, { id: 'a' }, 'Bearer alice'),
      inFlightKey(query, { id: 'a' }, 'Bearer bob'),
    ]);
    expect(keys.size).toBe(4);
  });
});
