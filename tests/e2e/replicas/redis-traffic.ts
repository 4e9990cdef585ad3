import { once } from 'node:events';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
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

/**
 * One monitored line, `1796647896.520216 [3 127.0.0.1:51234] "EVALSHA" "ab…" "2" "k1" "k2"`:
 * the database, the client ("lua" for a script's own commands) and the arguments, unescaped.
 */
function parseMonitorLine(line: string): { database: number; source: string; args: string[] } | null {
  const head = /^\d+\.\d+ \[(\d+) ([^\]]+)\] /.exec(line);
  if (!head) return null;
  const args: string[] = [];
  for (const [, quoted = ''] of line.slice(head[0].length).matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    args.push(
      quoted.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, escaped: string) => {
        if (escaped.startsWith('x') && escaped.length === 3)
          return String.fromCharCode(Number.parseInt(escaped.slice(1), 16));
        return ({ n: '\n', r: '\r', t: '\t', a: '\u0007', b: '\b' } as Record<string, string>)[escaped] ?? escaped;
      }),
    );
  }
  return { database: Number(head[1]), source: head[2] ?? '', args };
}

export async function recordRedisTraffic(redisUrl: string): Promise<RedisTraffic> {
  const url = new URL(redisUrl);
  const database = Number(url.pathname.slice(1) || '0');
  // A socket of its own rather than ioredis's monitor mode, which can take the first monitored
  // lines, when they arrive with MONITOR's own reply, for replies to commands it never sent.
  const socket = connect(Number(url.port || '6379'), url.hostname);
  await once(socket, 'connect');
  // Closed by stop(); an error before that leaves fewer lines, which the test's counts notice.
  socket.on('error', () => {});
  if (url.password)
    socket.write(`AUTH ${decodeURIComponent(url.username || 'default')} ${decodeURIComponent(url.password)}\r\n`);
  socket.write('MONITOR\r\n');
  const recorded: { source: string; args: string[] }[] = [];
  createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (raw) => {
    const parsed = raw.startsWith('+') ? parseMonitorLine(raw.slice(1)) : null;
    if (parsed?.database === database) recorded.push({ source: parsed.source, args: parsed.args });
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
      socket.destroy();
    },
  };
}
