import type { JobState } from "#db/types";

import type { DB } from "../db.server";

/*
 * Background jobs in PostgreSQL (docs/decisions/0019-background-jobs.md): the outbox's pattern made
 * general. A worker claims one job at a time with FOR UPDATE SKIP LOCKED and a lease (locked_until)
 * that it extends while it runs; a process that dies leaves its job to whichever worker finds the
 * lease run out, so jobs survive a restart and several instances never run one job twice at once.
 * Every function takes `now`, so tests move time instead of waiting for it.
 */

export const LEASE_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface EnqueueOptions {
  eventId?: number | null;
  createdBy?: number | null;
  maxAttempts?: number;
}

/**
 * Queues a job of `kind` (a key of the worker's handlers, app/.server/jobs/kinds.server.ts). Pass the
 * transaction that makes the change the job is about, so both are committed or neither is.
 */
export async function enqueueJob(
  db: DB,
  kind: string,
  payload: Record<string, unknown>,
  { eventId = null, createdBy = null, maxAttempts = DEFAULT_MAX_ATTEMPTS }: EnqueueOptions = {},
): Promise<number> {
  const row = await db
    .insertInto("jobs")
    .values({
      kind,
      payload: JSON.stringify(payload),
      event_id: eventId,
      created_by: createdBy,
      max_attempts: maxAttempts,
      // Due now by the same (millisecond) clock claims compare with: the column's default, now(),
      // has microseconds, and would leave a job claimed in the same millisecond not yet due.
      run_after: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  eventId: number | null;
  createdBy: number | null;
  attempts: number;
}

/**
 * Takes the oldest job that is queued and due, or running with its lease run out (its worker died),
 * for `workerId`, leased until now + LEASE_MS. Null when there is none. A job whose lease ran out
 * after its last allowed attempt is failed instead of being run again. `db` must not be a transaction.
 */
export async function claimJob(
  db: DB,
  workerId: string,
  { now = new Date(), kinds, leaseMs = LEASE_MS }: { now?: Date; kinds?: readonly string[]; leaseMs?: number } = {},
): Promise<ClaimedJob | null> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("jobs")
      .set({ state: "failed", finished_at: now, locked_by: null, locked_until: null, last_error: "lease expired" })
      .where("state", "=", "running")
      .where("locked_until", "<", now)
      .where((eb) => eb("attempts", ">=", eb.ref("max_attempts")))
      .execute();
    let query = trx
      .selectFrom("jobs")
      .select(["id"])
      .where((eb) =>
        eb.or([
          eb.and([eb("state", "=", "queued"), eb("run_after", "<=", now)]),
          eb.and([eb("state", "=", "running"), eb("locked_until", "<", now)]),
        ]),
      )
      .orderBy("id")
      .limit(1)
      .forUpdate()
      .skipLocked();
    if (kinds) query = query.where("kind", "in", kinds.length ? [...kinds] : [""]);
    const next = await query.executeTakeFirst();
    if (!next) return null;
    const row = await trx
      .updateTable("jobs")
      .set((eb) => ({
        state: "running",
        locked_by: workerId,
        locked_until: new Date(now.getTime() + leaseMs),
        attempts: eb("attempts", "+", 1),
        started_at: now,
        progress_done: 0,
      }))
      .where("id", "=", next.id)
      .returning(["id", "kind", "payload", "event_id", "created_by", "attempts"])
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      kind: row.kind,
      payload: row.payload,
      eventId: row.event_id,
      createdBy: row.created_by,
      attempts: row.attempts,
    };
  });
}

/** What a running job's worker holds: the job's id and its own. */
export interface Lease {
  jobId: number;
  workerId: string;
}

const mine = (db: DB, { jobId, workerId }: Lease) =>
  db.updateTable("jobs").where("id", "=", jobId).where("state", "=", "running").where("locked_by", "=", workerId);

/**
 * Records progress and extends the lease. False when the job is no longer this worker's to run: it
 * was cancelled, or its lease ran out and another worker took it. The worker then stops.
 */
export async function heartbeat(
  db: DB,
  lease: Lease,
  progress: { done: number; total: number | null },
  { now = new Date(), leaseMs = LEASE_MS }: { now?: Date; leaseMs?: number } = {},
): Promise<boolean> {
  const result = await mine(db, lease)
    .set({
      progress_done: progress.done,
      progress_total: progress.total,
      locked_until: new Date(now.getTime() + leaseMs),
    })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface JobFile {
  /** The name in the upload directory (uploads/files.server.ts). */
  file: string;
  /** What the download is called. */
  name: string;
  contentType: string;
  bytes: number;
}

/** Marks the job done, with the file it produced. False when it was no longer this worker's (cancelled). */
export async function finishJob(
  db: DB,
  lease: Lease,
  result: { file?: JobFile; done?: number; total?: number | null } = {},
  now = new Date(),
): Promise<boolean> {
  const updated = await mine(db, lease)
    .set((eb) => ({
      state: "done",
      finished_at: now,
      locked_by: null,
      locked_until: null,
      last_error: null,
      progress_done: result.done ?? eb.ref("progress_done"),
      progress_total: result.total === undefined ? eb.ref("progress_total") : result.total,
      result_file: result.file?.file ?? null,
      result_name: result.file?.name ?? null,
      result_type: result.file?.contentType ?? null,
      result_bytes: result.file?.bytes ?? null,
    }))
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Gives a running job back unfinished (the instance is stopping): queued again at once, the attempt not counted. */
export async function releaseJob(db: DB, lease: Lease, now = new Date()): Promise<boolean> {
  const updated = await mine(db, lease)
    .set((eb) => ({
      state: "queued",
      run_after: now,
      locked_by: null,
      locked_until: null,
      attempts: eb("attempts", "-", 1),
    }))
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Wait before the next try after `attempt` failed ones: 10 s, 20 s, 40 s … at most 10 minutes. */
export function jobRetryDelayMs(attempt: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 10 * 60_000);
}

/**
 * A run failed: the job is queued again after a pause while it has attempts left, else failed.
 * `permanent` fails it at once (its payload can never work). "lost" when it was no longer this worker's.
 */
export async function failJob(
  db: DB,
  lease: Lease,
  error: unknown,
  { now = new Date(), permanent = false }: { now?: Date; permanent?: boolean } = {},
): Promise<"retrying" | "failed" | "lost"> {
  const row = await db
    .selectFrom("jobs")
    .select(["attempts", "max_attempts"])
    .where("id", "=", lease.jobId)
    .executeTakeFirst();
  if (!row) return "lost";
  const retry = !permanent && row.attempts < row.max_attempts;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const updated = await mine(db, lease)
    .set(
      retry
        ? {
            state: "queued",
            run_after: new Date(now.getTime() + jobRetryDelayMs(row.attempts)),
            locked_by: null,
            locked_until: null,
            last_error: message,
          }
        : { state: "failed", finished_at: now, locked_by: null, locked_until: null, last_error: message },
    )
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return "lost";
  return retry ? "retrying" : "failed";
}

/** An event's job, as its organisers act on it: by id within the event, so another event's job is not found. */
export interface JobScope {
  jobId: number;
  eventId: number;
}

/** Cancels a queued or running job (a running one's worker stops at its next heartbeat). */
export async function cancelJob(db: DB, { jobId, eventId }: JobScope, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({ state: "cancelled", finished_at: now, locked_by: null, locked_until: null })
    .where("id", "=", jobId)
    .where("event_id", "=", eventId)
    .where("state", "in", ["queued", "running"])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Queues a failed or cancelled job again, with its attempts counted afresh. */
export async function retryJob(db: DB, { jobId, eventId }: JobScope, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({
      state: "queued",
      attempts: 0,
      run_after: now,
      progress_done: 0,
      last_error: null,
      started_at: null,
      finished_at: null,
    })
    .where("id", "=", jobId)
    .where("event_id", "=", eventId)
    .where("state", "in", ["failed", "cancelled"])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface JobView {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  state: JobState;
  done: number;
  total: number | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  file: { name: string; bytes: number } | null;
  lastError: string | null;
}

const viewColumns = [
  "id",
  "kind",
  "payload",
  "state",
  "progress_done",
  "progress_total",
  "attempts",
  "created_at",
  "started_at",
  "finished_at",
  "result_name",
  "result_bytes",
  "last_error",
] as const;

type ViewRow = {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  state: JobState;
  progress_done: number;
  progress_total: number | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  result_name: string | null;
  result_bytes: number | null;
  last_error: string | null;
};

const toView = (r: ViewRow): JobView => ({
  id: r.id,
  kind: r.kind,
  payload: r.payload,
  state: r.state,
  done: r.progress_done,
  total: r.progress_total,
  attempts: r.attempts,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  file: r.result_name !== null ? { name: r.result_name, bytes: r.result_bytes ?? 0 } : null,
  lastError: r.last_error,
});

/** A page of an event's jobs, newest first. */
export async function listEventJobs(
  db: DB,
  eventId: number,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<JobView[]> {
  const rows = await db
    .selectFrom("jobs")
    .select(viewColumns)
    .where("event_id", "=", eventId)
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toView);
}

/** How many jobs an event has, and how many of them are waiting or running. */
export async function countEventJobs(db: DB, eventId: number): Promise<{ total: number; active: number }> {
  const row = await db
    .selectFrom("jobs")
    .select((eb) => [
      eb.fn.countAll<string>().as("total"),
      eb.fn.count<string>("id").filterWhere("state", "in", ["queued", "running"]).as("active"),
    ])
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), active: Number(row.active) };
}

/** The stored file of an event's finished job, or null. */
export async function jobFile(db: DB, { jobId, eventId }: JobScope): Promise<JobFile | null> {
  const row = await db
    .selectFrom("jobs")
    .select(["result_file", "result_name", "result_type", "result_bytes"])
    .where("id", "=", jobId)
    .where("event_id", "=", eventId)
    .where("state", "=", "done")
    .executeTakeFirst();
  if (!row?.result_file || !row.result_name) return null;
  return {
    file: row.result_file,
    name: row.result_name,
    contentType: row.result_type ?? "application/octet-stream",
    bytes: row.result_bytes ?? 0,
  };
}
