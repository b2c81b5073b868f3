import type { DB } from "../db.server";
import { deliverDueEmails } from "./outbox.server";
import type { MailTransport } from "./transport.server";

export interface EmailWorker {
  /** Stops the loop and waits for a delivery in progress, so the database can be closed after. */
  stop(): Promise<void>;
}

/** Work that queues emails on a clock (the club leaders' daily digest), run by the same loop. */
export interface ScheduledEmails {
  name: string;
  /** At most once per this many ms in this process; the task itself keeps instances from doubling up. */
  everyMs: number;
  run(): Promise<unknown>;
}

export interface EmailWorkerOptions {
  intervalMs?: number;
  batch?: number;
  scheduled?: ScheduledEmails[];
  logError?: (message: string, err: unknown) => void;
}

/**
 * Delivers the outbox in the background: a run every few seconds, never two at once (the next is
 * scheduled when one ends), on an unref'd timer so it never keeps the process alive. Each run first
 * does the scheduled work that is due (queueing digests), so their emails go out in the same run.
 */
export function startEmailWorker(
  db: DB,
  transport: MailTransport,
  {
    intervalMs = 3_000,
    batch = 10,
    scheduled = [],
    logError = (m, err) => console.error(m, err),
  }: EmailWorkerOptions = {},
): EmailWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const lastRun = new Map<string, number>();

  async function run() {
    for (const task of scheduled) {
      if (Date.now() - (lastRun.get(task.name) ?? -Infinity) < task.everyMs) continue;
      lastRun.set(task.name, Date.now());
      try {
        await task.run();
      } catch (err) {
        logError(`Email outbox: ${task.name} failed, will try again.`, err);
      }
    }
    try {
      let claimed: number;
      // A full batch means more may be due: keep going rather than wait an interval per batch.
      do claimed = (await deliverDueEmails(db, transport, { batch })).claimed;
      while (!stopped && claimed === batch);
    } catch (err) {
      logError("Email outbox: delivery failed, will try again.", err);
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
        schedule(intervalMs);
      });
    }, delay);
    timer.unref();
  }

  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
