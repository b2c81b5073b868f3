import { randomBytes } from "node:crypto";
import os from "node:os";

import type { DB } from "../db.server";
import { deleteStoredFile, type StoredFileExtension, storeFile } from "../uploads/files.server";
import type { Uploads } from "../uploads/store.server";
import {
  type ClaimedJob,
  claimJob,
  failJob,
  finishJob,
  heartbeat,
  type JobFile,
  LEASE_MS,
  releaseJob,
} from "./queue.server";

/**
 * A failure that trying again cannot fix (the round is gone, there is nothing to print): the job fails
 * at once. `message` is a catalogue key, shown to the organiser in their language.
 */
export class PermanentJobError extends Error {
  constructor(key: string) {
    super(key);
    this.name = "PermanentJobError";
  }
}

/** What a job's code is given. */
export interface JobContext {
  db: DB;
  job: ClaimedJob;
  /** Aborted when the job is cancelled (or its lease is lost): stop, and return or throw. */
  signal: AbortSignal;
  /** How far along: recorded at the next heartbeat, so it may be called for every item. */
  progress(done: number, total: number | null): void;
  /** Keeps the file the job made; the job's result then offers it for download. */
  storeFile(bytes: Uint8Array, name: string, extension: StoredFileExtension, contentType: string): Promise<JobFile>;
}

export interface JobHandler {
  /** Null when the payload is valid; else the job fails at once, without retries. */
  invalid(payload: Record<string, unknown>): string | null;
  /** Does the work; returns the file it stored, if any. A throw is retried (a few times, with pauses). */
  run(ctx: JobContext): Promise<JobFile | void>;
}

export interface JobWorker {
  readonly workerId: string;
  /** Stops claiming and waits for the job in progress to end (or gives it up for another instance). */
  stop(): Promise<void>;
  /** Resolves when no job is running and none was due at the last look (tests). */
  idle(): Promise<void>;
}

export interface JobWorkerOptions {
  /** Where finished jobs' files are kept: the uploads store (a folder's path will do). */
  uploads: Uploads;
  intervalMs?: number;
  heartbeatMs?: number;
  leaseMs?: number;
  workerId?: string;
  logError?: (message: string, err: unknown) => void;
}

/**
 * Runs jobs in the background, one at a time per instance: looks for a due job every `intervalMs`
 * (at once after one ends), on unref'd timers so it never keeps the process alive. While a job runs,
 * a heartbeat records its progress and extends its lease; when the heartbeat finds the job cancelled,
 * the job's signal is aborted.
 */
export function startJobWorker(
  db: DB,
  handlers: Record<string, JobHandler>,
  {
    uploads,
    intervalMs = 1_000,
    heartbeatMs = 2_000,
    leaseMs = LEASE_MS,
    workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    logError = (m, err) => console.error(m, err),
  }: JobWorkerOptions,
): JobWorker {
  const kinds = Object.keys(handlers);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;
  let abortCurrent: AbortController | undefined;
  let idleWaiters: (() => void)[] = [];

  async function runOne(job: ClaimedJob): Promise<void> {
    const lease = { jobId: job.id, workerId };
    const handler = handlers[job.kind]!;
    const invalid = handler.invalid(job.payload);
    if (invalid) {
      await failJob(db, lease, new Error(invalid), { permanent: true });
      return;
    }
    const controller = new AbortController();
    abortCurrent = controller;
    let progress = { done: 0, total: null as number | null };
    const stored: string[] = [];
    let beating: Promise<void> | undefined;
    const beat = setInterval(() => {
      if (beating) return;
      beating = heartbeat(db, lease, progress, { leaseMs })
        .then((ours) => {
          if (!ours) controller.abort();
        })
        .catch((err) => logError(`Job ${job.id}: heartbeat failed`, err))
        .finally(() => (beating = undefined));
    }, heartbeatMs);
    beat.unref();
    const ctx: JobContext = {
      db,
      job,
      signal: controller.signal,
      progress(done, total) {
        progress = { done, total };
      },
      async storeFile(bytes, name, extension, contentType) {
        const file = await storeFile(uploads, bytes, extension);
        stored.push(file);
        return { file, name, contentType, bytes: bytes.byteLength };
      },
    };
    try {
      const file = await handler.run(ctx);
      clearInterval(beat);
      await beating;
      const finished =
        !controller.signal.aborted &&
        (await finishJob(db, lease, { file: file ?? undefined, done: progress.done, total: progress.total }));
      // A job cancelled while it ran keeps no file.
      if (!finished) for (const f of stored) await deleteStoredFile(uploads, f);
      if (!finished && stopped) await releaseJob(db, lease);
    } catch (err) {
      clearInterval(beat);
      await beating;
      for (const f of stored) await deleteStoredFile(uploads, f);
      if (stopped && controller.signal.aborted) await releaseJob(db, lease);
      else if (!controller.signal.aborted) {
        const outcome = await failJob(db, lease, err, { permanent: err instanceof PermanentJobError });
        logError(`Job ${job.id} (${job.kind}) failed: ${outcome}`, err);
      }
    } finally {
      abortCurrent = undefined;
    }
  }

  /** True when a job was run (so another may be due at once). */
  async function tick(): Promise<boolean> {
    try {
      const job = await claimJob(db, workerId, { kinds, leaseMs });
      if (!job) return false;
      await runOne(job);
      return true;
    } catch (err) {
      logError("Jobs: a run failed, will try again.", err);
      return false;
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick();
      void running.then((ran) => {
        running = undefined;
        if (!ran) {
          for (const wake of idleWaiters) wake();
          idleWaiters = [];
        }
        schedule(ran ? 0 : intervalMs);
      });
    }, delay);
    timer.unref();
  }

  schedule(0);
  return {
    workerId,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // A job in progress is given back to the queue, to run again from the start on another
      // instance or after the restart; were this process killed instead, its lease would run out.
      abortCurrent?.abort();
      await running;
      for (const wake of idleWaiters) wake();
    },
    idle() {
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
