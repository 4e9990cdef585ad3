import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/stack/ports.js';

/** The kernel numbers outgoing connections from this range; a service port chosen in it can be taken before it listens. */
function ephemeralRange(): [number, number] {
  try {
    const [from, to] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return [from as number, to as number];
  } catch {
    return [32_768, 60_999];
  }
}

describe('ports chosen for the services', () => {
  it('lie below the range outgoing connections are numbered from', async () => {
    const [from] = ephemeralRange();
    for (let i = 0; i < 50; i++) expect(await freePort()).toBeLessThan(from);
  });

  it('are the preferred one when it is free, and another when it is taken', async () => {
    const server = createServer();
    const taken = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    try {
      expect(await freePort(taken)).not.toBe(taken);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await freePort(taken)).toBe(taken);
  });
});
