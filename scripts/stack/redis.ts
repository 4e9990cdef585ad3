import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';
import { commandExists, isRoot, run } from './run.js';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * Finds redis-server; on Debian as root it is installed with apt when missing (the package
 * starts no system service). Anywhere else the message says how to get it.
 */
async function ensureRedisServer(): Promise<string> {
  if (await commandExists('redis-server')) return 'redis-server';
  if (isRoot && (await commandExists('apt-get'))) {
    console.log('redis-server is missing: installing it with apt-get…');
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', 'redis-server']);
    if (await commandExists('redis-server')) return 'redis-server';
  }
  throw new Error(
    'redis-server not found. Install Redis ≥ 6.2 (Debian/Ubuntu: apt-get install redis-server; ' +
      'macOS: brew install redis), or set REDIS_URL to a running server.',
  );
}

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // A refused connection is the answer here, not an error to report.
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ping(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Redis at ${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Starts (or reuses) a Redis server on 127.0.0.1 with its files in dataDir. A durable server
 * appends to a log so queued jobs survive a restart; a throwaway one keeps nothing.
 */
export async function startLocalRedis(options: { dataDir: string; durable: boolean }): Promise<LocalRedis> {
  const { dataDir } = options;
  mkdirSync(dataDir, { recursive: true });
  const pidFile = join(dataDir, 'redis.pid');
  const portFile = join(dataDir, 'port');
  if (existsSync(pidFile) && existsSync(portFile)) {
    const url = `redis://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
    if (await ping(url)) return { url, stop: async () => {} };
  }

  const binary = await ensureRedisServer();
  const previous = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : undefined;
  const port = await freePort(previous);
  const url = `redis://127.0.0.1:${port}`;
  writeFileSync(portFile, String(port));
  await run(binary, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--daemonize',
    'yes',
    '--pidfile',
    pidFile,
    '--logfile',
    join(dataDir, 'redis.log'),
    '--save',
    '',
    '--appendonly',
    options.durable ? 'yes' : 'no',
    '--appendfsync',
    'everysec',
    // BullMQ's jobs must never be evicted to make room.
    '--maxmemory-policy',
    'noeviction',
  ]);
  await waitUntilAnswering(url, 10_000);
  return {
    url,
    stop: async () => {
      const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      try {
        await client.call('SHUTDOWN', 'NOSAVE');
      } catch {
        // SHUTDOWN closes the connection before it answers.
      } finally {
        client.disconnect();
      }
    },
  };
}
