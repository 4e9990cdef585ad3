import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';

/**
 * Everything the services send to one Redis database, recorded with MONITOR, cut into the units
 * a Redis Cluster executes on one node: a command, a MULTI … EXEC transaction (per client), or
 * a Lua script (the commands it ran, which MONITOR shows as consecutive "lua" lines, with the
 * keys its EVAL/EVALSHA declared). Redis itself names each command's keys (COMMAND GETKEYS), so
 * no table of commands is kept here.
 */
export interface RedisUnit {
  /** The command, or "MULTI" / "script", for a failing test's message. */
  what: string;
  keys: string[];
  slots: Set<number>;
}

export interface RedisTraffic {
  /** The units recorded so far, with their keys and slots. */
  units(): Promise<RedisUnit[]>;
  stop(): Promise<void>;
}

const WITHOUT_KEYS = new Set(['multi', 'exec', 'discard', 'select', 'ping', 'info', 'client', 'hello', 'auth']);

export async function recordRedisTraffic(redisUrl: string): Promise<RedisTraffic> {
  const database = Number(new URL(redisUrl).pathname.slice(1) || '0');
  const connection = new Redis(redisUrl);
  const monitor = await connection.monitor();
  const recorded: { source: string; args: string[] }[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string, db: string) => {
    if (Number(db) === database) recorded.push({ source, args });
  });

  return {
    async units() {
      const groups: { what: string; commands: string[][] }[] = [];
      const transactions = new Map<string, string[][]>();
      let script: string[][] | null = null;
      for (const { source, args } of recorded) {
        const name = (args[0] ?? '').toLowerCase();
        if (source === 'lua') {
          if (!script) {
            script = [];
            groups.push({ what: 'script', commands: script });
          }
          script.push(args);
          continue;
        }
        script = null;
        const open = transactions.get(source);
        if (name === 'multi') transactions.set(source, []);
        else if (name === 'exec' || name === 'discard') {
          if (open) groups.push({ what: 'MULTI', commands: open });
          transactions.delete(source);
        } else if (open) open.push(args);
        else groups.push({ what: name, commands: [args] });
      }

      const client = new Redis(redisUrl);
      try {
        const distinct = new Map<string, string[]>();
        for (const group of groups) {
          for (const command of group.commands) {
            if (!WITHOUT_KEYS.has((command[0] ?? '').toLowerCase())) distinct.set(JSON.stringify(command), command);
          }
        }
        const pipeline = client.pipeline();
        for (const command of distinct.values()) pipeline.call('COMMAND', 'GETKEYS', ...command);
        const answers = (await pipeline.exec()) ?? [];
        const keysOf = new Map<string, string[]>();
        [...distinct.keys()].forEach((id, i) => {
          const [error, keys] = answers[i] ?? [];
          keysOf.set(id, error ? [] : (keys as string[]));
        });
        return groups.map((group) => {
          const keys = [...new Set(group.commands.flatMap((command) => keysOf.get(JSON.stringify(command)) ?? []))];
          return { what: group.what, keys, slots: new Set(keys.map((key) => calculateSlot(key))) };
        });
      } finally {
        client.disconnect();
      }
    },
    async stop() {
      monitor.disconnect();
      connection.disconnect();
    },
  };
}
