import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { eventJobsPage, JOBS_PAGE_SIZE } from "~/.server/jobs/event-jobs.server";
import type { DB } from "~/.server/platform/db.server";
import {
  cancelJob,
  claimJob,
  enqueueJob,
  failJob,
  finishJob,
  heartbeat,
  jobFile,
  LEASE_MS,
  listEventJobs,
  retryJob,
} from "~/.server/platform/jobs/queue.server";
import { type JobHandler, startJobWorker } from "~/.server/platform/jobs/worker.server";

import { engines, openTestDb, useTestDb } from "../setup/db";
import { createEventFromForm, insertUser } from "./factories";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function jobRow(db: DB, id: number) {
  return db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describe.each(engines)("background jobs on %s", (engine) => {
  // Connections enough for claims that really run at once on PostgreSQL (PGlite has one).
  const t = useTestDb(engine, { poolMax: 8 });
  let eventId: number;
  let otherEventId: number;
  let userId: number;

  beforeAll(async () => {
    userId = (await insertUser(t.db)).id;
    eventId = (await createEventFromForm(t.db, userId)).id;
    otherEventId = (await createEventFromForm(t.db, userId, { slug: `other-${engine}` })).id;
  });
  beforeEach(async () => {
    await t.db.deleteFrom("jobs").execute();
  });

  test("a queued job is claimed by one worker only, oldest first, and leased", async () => {
    const first = await enqueueJob(t.db, "demo", { n: 1 }, { eventId, createdBy: userId });
    const second = await enqueueJob(t.db, "demo", { n: 2 }, { eventId });
    const now = new Date();
    const a = await claimJob(t.db, "worker-a", { now });
    const b = await claimJob(t.db, "worker-b", { now });
    const c = await claimJob(t.db, "worker-c", { now });
    expect(a).toMatchObject({ id: first, kind: "demo", payload: { n: 1 }, eventId, createdBy: userId, attempts: 1 });
    expect(b).toMatchObject({ id: second, payload: { n: 2 } });
    expect(c).toBeNull();
    const row = await jobRow(t.db, first);
    expect(row).toMatchObject({ state: "running", locked_by: "worker-a", attempts: 1 });
    expect(row.locked_until!.getTime()).toBe(now.getTime() + LEASE_MS);
  });

  test("workers claiming at once each get a different job", async () => {
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await enqueueJob(t.db, "demo", { i }));
    const claimed = await Promise.all(Array.from({ length: 16 }, (_, i) => claimJob(t.db, `worker-${i}`)));
    const got = claimed.filter((c) => c !== null).map((c) => c.id);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort((a, b) => a - b)).toEqual(ids);
  });

  test("a worker claims only the kinds it knows", async () => {
    await enqueueJob(t.db, "unknown_kind", {});
    expect(await claimJob(t.db, "w", { kinds: ["demo"] })).toBeNull();
    expect(await claimJob(t.db, "w", { kinds: ["unknown_kind"] })).not.toBeNull();
  });

  test("a killed worker's job is picked up again when its lease runs out, and only then", async () => {
    const id = await enqueueJob(t.db, "demo", {}, { eventId });
    const now = new Date();
    await claimJob(t.db, "dead-worker", { now });
    // The process dies here: no heartbeat, no finish.
    expect(await claimJob(t.db, "new-worker", { now: at(now, LEASE_MS - 1) })).toBeNull();
    const again = await claimJob(t.db, "new-worker", { now: at(now, LEASE_MS + 1) });
    expect(again).toMatchObject({ id, attempts: 2 });
    // The dead worker can no longer report or finish it.
    expect(await heartbeat(t.db, { jobId: id, workerId: "dead-worker" }, { done: 1, total: 2 })).toBe(false);
    expect(await finishJob(t.db, { jobId: id, workerId: "dead-worker" })).toBe(false);
    expect(await finishJob(t.db, { jobId: id, workerId: "new-worker" }, {}, at(now, LEASE_MS + 2))).toBe(true);
    expect((await jobRow(t.db, id)).state).toBe("done");
  });

  test("a heartbeat records progress and keeps the lease alive", async () => {
    const id = await enqueueJob(t.db, "demo", {});
    const now = new Date();
    await claimJob(t.db, "w", { now });
    const lease = { jobId: id, workerId: "w" };
    expect(await heartbeat(t.db, lease, { done: 40, total: 100 }, { now: at(now, LEASE_MS - 1000) })).toBe(true);
    expect(await claimJob(t.db, "other", { now: at(now, LEASE_MS + 1) })).toBeNull();
    expect(await jobRow(t.db, id)).toMatchObject({ progress_done: 40, progress_total: 100 });
  });

  test("a job whose lease ran out after its last attempt fails instead of running again", async () => {
    const id = await enqueueJob(t.db, "demo", {}, { maxAttempts: 1 });
    const now = new Date();
    await claimJob(t.db, "dead", { now });
    expect(await claimJob(t.db, "next", { now: at(now, LEASE_MS + 1) })).toBeNull();
    expect(await jobRow(t.db, id)).toMatchObject({ state: "failed", last_error: "lease expired", locked_by: null });
  });

  test("a failed run is retried after a pause, and fails for good after its last attempt", async () => {
    const id = await enqueueJob(t.db, "demo", {}, { maxAttempts: 2 });
    const now = new Date();
    await claimJob(t.db, "w", { now });
    expect(await failJob(t.db, { jobId: id, workerId: "w" }, new Error("disk full"), { now })).toBe("retrying");
    expect(await jobRow(t.db, id)).toMatchObject({ state: "queued", last_error: "disk full", attempts: 1 });
    expect(await claimJob(t.db, "w", { now })).toBeNull();
    expect(await claimJob(t.db, "w", { now: at(now, 10_001) })).toMatchObject({ id, attempts: 2 });
    expect(await failJob(t.db, { jobId: id, workerId: "w" }, new Error("disk full again"), { now })).toBe("failed");
    expect(await jobRow(t.db, id)).toMatchObject({ state: "failed", last_error: "disk full again" });
  });

  test("organisers cancel queued and running jobs of their own event only, and retry failed ones", async () => {
    const queued = await enqueueJob(t.db, "demo", {}, { eventId });
    expect(await cancelJob(t.db, { jobId: queued, eventId: otherEventId })).toBe(false);
    expect(await cancelJob(t.db, { jobId: queued, eventId })).toBe(true);
    expect(await claimJob(t.db, "w")).toBeNull();

    const running = await enqueueJob(t.db, "demo", {}, { eventId });
    await claimJob(t.db, "w");
    expect(await cancelJob(t.db, { jobId: running, eventId })).toBe(true);
    // The worker learns it at its next heartbeat, and cannot finish it.
    expect(await heartbeat(t.db, { jobId: running, workerId: "w" }, { done: 1, total: 9 })).toBe(false);
    expect(await finishJob(t.db, { jobId: running, workerId: "w" })).toBe(false);
    expect((await jobRow(t.db, running)).state).toBe("cancelled");
    expect(await cancelJob(t.db, { jobId: running, eventId })).toBe(false);

    expect(await retryJob(t.db, { jobId: running, eventId: otherEventId })).toBe(false);
    expect(await retryJob(t.db, { jobId: running, eventId })).toBe(true);
    expect(await jobRow(t.db, running)).toMatchObject({ state: "queued", attempts: 0, progress_done: 0 });
    expect(await retryJob(t.db, { jobId: running, eventId })).toBe(false);
    expect((await listEventJobs(t.db, eventId)).map((j) => [j.id, j.state])).toEqual([
      [running, "queued"],
      [queued, "cancelled"],
    ]);
    expect(await listEventJobs(t.db, otherEventId)).toEqual([]);
  });

  test("the jobs page is paged, newest first, and knows of a running job on another page", async () => {
    const ids: number[] = [];
    for (let i = 0; i < JOBS_PAGE_SIZE + 5; i++) ids.push(await enqueueJob(t.db, "demo", { n: i }, { eventId }));
    // Everything ended but the oldest, which is still waiting: it sits on the last page.
    await t.db.updateTable("jobs").set({ state: "done" }).where("id", "!=", ids[0]!).execute();
    const first = await eventJobsPage(t.db, eventId, "en", null);
    expect(first.total).toBe(JOBS_PAGE_SIZE + 5);
    expect(first.page).toMatchObject({ page: 1, pages: 2 });
    expect(first.jobs.map((j) => j.id)).toEqual(ids.slice(5).reverse());
    expect(first.active).toBe(true);
    const second = await eventJobsPage(t.db, eventId, "en", 2);
    expect(second.jobs.map((j) => j.id)).toEqual(ids.slice(0, 5).reverse());
    // A page past the end is the last one.
    expect((await eventJobsPage(t.db, eventId, "en", 9)).jobs.map((j) => j.id)).toEqual(ids.slice(0, 5).reverse());
    await t.db.updateTable("jobs").set({ state: "done" }).execute();
    expect((await eventJobsPage(t.db, eventId, "en", 1)).active).toBe(false);
    expect((await eventJobsPage(t.db, otherEventId, "en", 1)).total).toBe(0);
  });
});

describe.each(engines)("the job worker on %s", (engine) => {
  let uploadDir: string;
  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(os.tmpdir(), "toi-jobs-"));
  });
  afterAll(async () => {
    await rm(uploadDir, { recursive: true, force: true });
  });

  test("runs a job to the end, stores its file, and survives a restart mid-job", async () => {
    const t = await openTestDb(engine);
    try {
      const userId = (await insertUser(t.db)).id;
      const eventId = (await createEventFromForm(t.db, userId)).id;
      let firstRun = true;
      const gate = deferred();
      const started = deferred();
      const handler: JobHandler = {
        invalid: (p) => (typeof p.items === "number" ? null : "items missing"),
        async run(ctx) {
          const items = ctx.job.payload.items as number;
          if (firstRun) {
            firstRun = false;
            ctx.progress(1, items);
            started.resolve();
            // The first instance is stopped while it holds the job.
            await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
            throw new Error("stopped");
          }
          await gate.promise;
          for (let i = 1; i <= items; i++) ctx.progress(i, items);
          return ctx.storeFile(new TextEncoder().encode("a,b\n1,2\n"), "out.csv", "csv", "text/csv");
        },
      };
      const id = await enqueueJob(t.db, "demo", { items: 3 }, { eventId });
      const bad = await enqueueJob(t.db, "demo", {}, { eventId });

      const first = startJobWorker(t.db, { demo: handler }, { uploads: uploadDir, intervalMs: 20, heartbeatMs: 10 });
      await started.promise;
      await first.stop();
      // Given back to the queue at once, its attempt not counted.
      expect(await jobRow(t.db, id)).toMatchObject({ state: "queued", attempts: 0, locked_by: null });

      const second = startJobWorker(t.db, { demo: handler }, { uploads: uploadDir, intervalMs: 20, heartbeatMs: 10 });
      gate.resolve();
      await second.idle();
      await second.stop();

      const done = await jobRow(t.db, id);
      expect(done).toMatchObject({ state: "done", progress_done: 3, progress_total: 3, attempts: 1 });
      const file = await jobFile(t.db, { jobId: id, eventId });
      expect(file).toMatchObject({ name: "out.csv", contentType: "text/csv", bytes: 8 });
      expect(await readFile(path.join(uploadDir, file!.file), "utf8")).toBe("a,b\n1,2\n");
      expect(await jobFile(t.db, { jobId: id, eventId: eventId + 1000 })).toBeNull();
      // A payload that can never work fails at once.
      expect(await jobRow(t.db, bad)).toMatchObject({ state: "failed", last_error: "items missing", attempts: 1 });
    } finally {
      await t.close();
    }
  });

  test("a job cancelled while it runs stops at its next heartbeat and keeps no file", async () => {
    const t = await openTestDb(engine);
    try {
      const userId = (await insertUser(t.db)).id;
      const eventId = (await createEventFromForm(t.db, userId)).id;
      const running = deferred();
      let stored = "";
      const handler: JobHandler = {
        invalid: () => null,
        async run(ctx) {
          stored = (await ctx.storeFile(new Uint8Array([1, 2, 3]), "x.pdf", "pdf", "application/pdf")).file;
          running.resolve();
          await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
          return undefined;
        },
      };
      const id = await enqueueJob(t.db, "demo", {}, { eventId });
      const worker = startJobWorker(t.db, { demo: handler }, { uploads: uploadDir, intervalMs: 20, heartbeatMs: 10 });
      await running.promise;
      expect(await cancelJob(t.db, { jobId: id, eventId })).toBe(true);
      await worker.idle();
      await worker.stop();
      expect(await jobRow(t.db, id)).toMatchObject({ state: "cancelled", result_file: null });
      await expect(readFile(path.join(uploadDir, stored))).rejects.toThrow(/ENOENT/);
    } finally {
      await t.close();
    }
  });
});
