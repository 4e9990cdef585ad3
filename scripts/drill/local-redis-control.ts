import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalRedis } from '../stack/redis.js';

/**
 * Kills and restarts a Redis server that scripts/stack/redis.ts started in `dataDir`: killed
 * with SIGKILL through its pid file, started again on the same port with the same data folder
 * (and so the same append-only file, when durable).
 */
export async function killLocalRedis(dataDir: string): Promise<void> {
  const pid = Number(readFileSync(join(dataDir, 'redis.pid'), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no Redis pid in ${dataDir}`);
  process.kill(pid, 'SIGKILL');
  for (let waited = 0; waited < 10_000; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
  throw new Error(`Redis (pid ${pid}) still runs 10 s after SIGKILL`);
}

export async function restartLocalRedis(dataDir: string, durable: boolean, expectedUrl: string): Promise<void> {
  const redis = await startLocalRedis({ dataDir, durable });
  if (redis.url !== expectedUrl) {
    await redis.stop();
    throw new Error(`Redis came back on ${redis.url}, not on ${expectedUrl}: its port was taken`);
  }
}
