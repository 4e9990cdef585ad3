import { createServer } from 'node:net';

/**
 * Ports handed out when none is preferred. They lie below Linux's ephemeral range
 * (32768–60999), where the kernel numbers outgoing connections: a port chosen here stays free
 * between choosing it and listening on it unless another server takes it on purpose.
 */
const CHOSEN_PORTS = { from: 20_000, to: 32_000 } as const;

/** Whether a TCP port on the loopback interface is free to listen on. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The preferred port when it is free, otherwise a free one picked at random. */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred !== undefined && (await isPortFree(preferred))) return preferred;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = CHOSEN_PORTS.from + Math.floor(Math.random() * (CHOSEN_PORTS.to - CHOSEN_PORTS.from));
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port between ${CHOSEN_PORTS.from} and ${CHOSEN_PORTS.to}`);
}
