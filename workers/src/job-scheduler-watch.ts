import type { Queue } from 'bullmq';
import type { Logger } from '../../shared/logger.js';

export interface Schedule {
  name: string;
  everyMs: number;
}

/** Creates the schedule's job scheduler, or sets it to these options; the same in every workers process. */
export async function upsertSchedule(queue: Queue, schedule: Schedule): Promise<void> {
  await queue.upsertJobScheduler(
    schedule.name,
    { every: schedule.everyMs },
    { name: schedule.name, opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } } },
  );
}

/**
 * Job schedulers live only in Redis, and each workers process creates them when it starts. A
 * Redis that comes back without its data (no append-only file, a failover to a replica that
 * missed them, a restore) would leave every scheduled job — the outbox reconciler that puts
 * back lost events, the sweeps that release stale holds — stopped until a workers process
 * restarts. So each process looks for its schedulers every `checkEveryMs` and creates a missing
 * one again. Only a missing one: upserting an existing scheduler replaces its next run.
 */
export function watchJobSchedulers(options: {
  schedules: readonly Schedule[];
  queueOf: (schedule: Schedule) => Queue;
  checkEveryMs: number;
  logger: Logger;
}): { close(): Promise<void> } {
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const check = async () => {
    for (const schedule of options.schedules) {
      if (closed) return;
      const queue = options.queueOf(schedule);
      if (await queue.getJobScheduler(schedule.name)) continue;
      await upsertSchedule(queue, schedule);
      options.logger.warn({ scheduler: schedule.name }, 'a job scheduler was missing from Redis: created it again');
    }
  };
  const next = () => {
    if (closed) return;
    timer = setTimeout(() => {
      // Redis unreachable: the next check tries again.
      running = check()
        .catch((err: unknown) => options.logger.debug({ err }, 'could not check the job schedulers'))
        .finally(next);
    }, options.checkEveryMs);
  };
  next();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}
