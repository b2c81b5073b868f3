/**
 * Housekeeping: what Toi no longer needs is deleted on a schedule — expired sessions, sign-in links
 * that were used or ran out, old rate-limit windows and forgotten sign-in failures, and emails
 * (sent, or given up on) older than EMAIL_RETENTION_DAYS. Pending emails are never touched. Background
 * jobs that ended (done, failed or cancelled) more than JOB_RETENTION_DAYS ago go too, and the files
 * they made are deleted from the uploads store once the rows are gone (a file whose row could not be
 * deleted is kept, so a download link never points at nothing). Queued and running jobs are never touched.
 *
 * Every instance runs the timer; a PostgreSQL advisory lock (transaction-scoped, so it can never be
 * left behind by a crashed instance or a pooled connection) and the time of the last run, kept in
 * app_settings, make exactly one instance do the work once per interval.
 */
import { sql } from "kysely";

import { sweepRateLimits } from "../accounts/rate-limit.server";
import type { DB } from "./db.server";

/** The advisory lock's key: any constant of Toi's own (ASCII "toi-hk"). */
export const HOUSEKEEPING_LOCK = 0x746f692d686b;
const LAST_RUN_KEY = "housekeeping_last_run";

export interface HousekeepingPolicy {
  /** Sent and failed emails older than this many days are deleted. */
  emailRetentionDays: number;
  /** Jobs that ended more than this many days ago are deleted, with their files. */
  jobRetentionDays: number;
  /** Deletes a finished job's file from the uploads store; called after its row is gone. */
  deleteJobFile?: (file: string) => Promise<unknown>;
  /** A run is skipped when another instance did one less than this long ago. */
  intervalMs: number;
}

export interface PurgeCounts {
  sessions: number;
  tokens: number;
  rateLimits: number;
  emails: number;
  jobs: number;
}

export type HousekeepingRun = { ran: true; purged: PurgeCounts } | { ran: false; reason: "locked" | "recent" };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes what has expired by `now`; returns how many rows of each kind went. */
export async function purgeExpired(
  db: DB,
  now: Date,
  policy: Pick<HousekeepingPolicy, "emailRetentionDays" | "jobRetentionDays">,
): Promise<{ counts: PurgeCounts; jobFiles: string[] }> {
  const sessions = await db.deleteFrom("sessions").where("expires_at", "<=", now).executeTakeFirst();
  const tokens = await db
    .deleteFrom("account_tokens")
    .where((eb) => eb.or([eb("used_at", "is not", null), eb("expires_at", "<=", now)]))
    .executeTakeFirst();
  const rateLimits = await sweepRateLimits(db, now);
  const emailsBefore = new Date(now.getTime() - policy.emailRetentionDays * DAY_MS);
  const emails = await db
    .deleteFrom("outbox")
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "sent"), eb("sent_at", "<", emailsBefore)]),
        eb.and([eb("status", "=", "failed"), eb("created_at", "<", emailsBefore)]),
      ]),
    )
    .executeTakeFirst();
  const jobsBefore = new Date(now.getTime() - policy.jobRetentionDays * DAY_MS);
  const jobs = await db
    .deleteFrom("jobs")
    .where("state", "in", ["done", "failed", "cancelled"])
    .where((eb) => eb(eb.fn.coalesce("finished_at", "created_at"), "<", jobsBefore))
    .returning("result_file")
    .execute();
  return {
    counts: {
      sessions: Number(sessions.numDeletedRows),
      tokens: Number(tokens.numDeletedRows),
      rateLimits,
      emails: Number(emails.numDeletedRows),
      jobs: jobs.length,
    },
    jobFiles: jobs.flatMap((j) => (j.result_file ? [j.result_file] : [])),
  };
}

/**
 * One housekeeping run, unless another instance holds the lock right now or ran less than an
 * interval ago. Safe to call from every instance at any time.
 */
export async function runHousekeeping(db: DB, now: Date, policy: HousekeepingPolicy): Promise<HousekeepingRun> {
  let jobFiles: string[] = [];
  const run = await db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${HOUSEKEEPING_LOCK}) as got`.execute(
      tx,
    );
    if (!rows[0]?.got) return { ran: false, reason: "locked" } as const;
    const last = await tx.selectFrom("app_settings").select("value").where("key", "=", LAST_RUN_KEY).executeTakeFirst();
    // A little slack: timers of different instances drift, and a run must not be skipped for a second.
    if (last && now.getTime() - Date.parse(last.value) < policy.intervalMs * 0.9)
      return { ran: false, reason: "recent" } as const;
    const { counts: purged, jobFiles: files } = await purgeExpired(tx, now, policy);
    jobFiles = files;
    await tx
      .insertInto("app_settings")
      .values({ key: LAST_RUN_KEY, value: now.toISOString() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: now.toISOString() }))
      .execute();
    return { ran: true, purged } as const;
  });
  // After the commit: a file goes only once no row can offer it for download.
  if (policy.deleteJobFile) for (const file of jobFiles) await policy.deleteJobFile(file);
  return run;
}

export interface HousekeepingTimer {
  stop(): Promise<void>;
}

/** Runs housekeeping soon after start and then every interval, on an unref'd timer. */
export function startHousekeeping(
  db: DB,
  policy: HousekeepingPolicy,
  {
    firstDelayMs = 60_000,
    onRun = (_run: HousekeepingRun) => {},
    onError = (_err: unknown) => {},
  }: { firstDelayMs?: number; onRun?: (run: HousekeepingRun) => void; onError?: (err: unknown) => void } = {},
): HousekeepingTimer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runHousekeeping(db, new Date(), policy)
        .then(onRun, onError)
        .finally(() => {
          running = undefined;
          schedule(policy.intervalMs);
        });
    }, delay);
    timer.unref();
  };
  schedule(firstDelayMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
