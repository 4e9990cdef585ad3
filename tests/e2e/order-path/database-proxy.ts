import { createServer, Socket } from 'node:net';

/**
 * A TCP proxy between one service and PostgreSQL that can lose a commit's acknowledgement: the
 * server commits, and the connection is cut before the answer reaches the service — what a
 * network failure or a killed connection at the wrong moment does. Only wire bytes are looked
 * at (the PostgreSQL protocol without TLS, as the test cluster speaks it).
 */
export interface DatabaseProxy {
  /** `databaseUrl` with the proxy in the middle. */
  url: string;
  /**
   * The next transaction committed through the proxy commits in PostgreSQL, then its connection
   * is cut before "COMMIT" reaches the service. With `thenRefuse`, every other connection is
   * cut too and new ones are refused until `accept()`: the database looks unreachable.
   * Resolves once the acknowledgement was dropped.
   */
  loseNextCommitAcknowledgement(options?: { thenRefuse?: boolean }): Promise<void>;
  accept(): void;
  close(): Promise<void>;
}

// CommandComplete ('C', length 11, "COMMIT\0"): the server's answer once the commit is durable and visible.
const COMMIT_COMPLETE = Buffer.from([0x43, 0, 0, 0, 11, ...Buffer.from('COMMIT'), 0]);

export async function startDatabaseProxy(databaseUrl: string): Promise<DatabaseProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let refusing = false;
  let armed: { thenRefuse: boolean; dropped: () => void } | null = null;

  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', cut);
    upstream.on('close', cut);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (armed && chunk.includes(COMMIT_COMPLETE)) {
        const { thenRefuse, dropped } = armed;
        armed = null;
        cut();
        if (thenRefuse) {
          refusing = true;
          for (const socket of sockets) socket.destroy();
        }
        dropped();
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);

  return {
    url: url.toString(),
    loseNextCommitAcknowledgement: ({ thenRefuse = false } = {}) =>
      new Promise<void>((dropped) => {
        armed = { thenRefuse, dropped };
      }),
    accept: () => {
      refusing = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
