import type { DB } from "../db.server";
import { deliverDueEmails } from "./outbox.server";
import type { MailTransport } from "./transport.server";

export interface EmailWorker {
  /** Stops the loop and waits for a delivery in progress, so the database can be closed after. */
  stop(): Promise<void>;
}

export interface EmailWorkerOptions {
  intervalMs?: number;
  batch?: number;
  logError?: (message: string, err: unknown) => void;
}

/**
 * Delivers the outbox in the background: a run every few seconds, never two at once (the next is
 * scheduled when one ends), on an unref'd timer so it never keeps the process alive.
 */
export function startEmailWorker(
  db: DB,
  transport: MailTransport,
  { intervalMs = 3_000, batch = 10, logError = (m, err) => console.error(m, err) }: EmailWorkerOptions = {},
): EmailWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function run() {
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
