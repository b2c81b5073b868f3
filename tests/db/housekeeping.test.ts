/**
 * Housekeeping deletes what has expired and nothing else, and however many instances try at once,
 * exactly one does a run per interval (advisory lock + the time of the last run).
 */
import { describe, expect, test } from "vitest";

import { purgeExpired, runHousekeeping } from "~/.server/platform/housekeeping.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";

const NOW = new Date("2026-12-07T06:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const later = (ms: number) => new Date(NOW.getTime() + ms);
const POLICY = { emailRetentionDays: 90, jobRetentionDays: 14, intervalMs: 60 * 60 * 1000 };

describe.each(engines)("housekeeping on %s", (engine) => {
  const t = useTestDb(engine);

  test("purges expired sessions, used or expired links, old rate-limit rows and old emails; keeps the rest", async () => {
    const db = t.db;
    const { id: userId } = await insertUser(db, { email: "hk@example.kz" });
    await db
      .insertInto("sessions")
      .values([
        { id: "expired", user_id: userId, expires_at: ago(1000) },
        { id: "live", user_id: userId, expires_at: later(DAY) },
      ])
      .execute();
    await db
      .insertInto("account_tokens")
      .values([
        { user_id: userId, purpose: "verify_email", token_hash: "used", expires_at: later(DAY), used_at: ago(DAY) },
        { user_id: userId, purpose: "reset_password", token_hash: "expired", expires_at: ago(1000) },
        { user_id: userId, purpose: "invite", token_hash: "valid", expires_at: later(DAY) },
      ])
      .execute();
    await db
      .insertInto("rate_limits")
      .values([
        { key: "old", window_start: ago(7 * DAY), hits: 3 },
        { key: "current", window_start: ago(1000), hits: 1 },
      ])
      .execute();
    const email = (status: "sent" | "failed" | "pending", at: Date) => ({
      to_email: `${status}@example.kz`,
      locale: "kk" as const,
      template: "probe",
      params: "{}",
      status,
      created_at: at,
      sent_at: status === "sent" ? at : null,
    });
    await db
      .insertInto("outbox")
      .values([
        email("sent", ago(91 * DAY)),
        email("sent", ago(89 * DAY)),
        email("failed", ago(91 * DAY)),
        email("pending", ago(200 * DAY)),
      ])
      .execute();

    expect((await purgeExpired(db, NOW, POLICY)).counts).toEqual({
      sessions: 1,
      tokens: 2,
      rateLimits: 1,
      emails: 2,
      jobs: 0,
    });

    expect((await db.selectFrom("sessions").select("id").execute()).map((r) => r.id)).toEqual(["live"]);
    expect((await db.selectFrom("account_tokens").select("token_hash").execute()).map((r) => r.token_hash)).toEqual([
      "valid",
    ]);
    expect((await db.selectFrom("rate_limits").select("key").execute()).map((r) => r.key)).toEqual(["current"]);
    const left = await db.selectFrom("outbox").select(["status", "created_at"]).orderBy("id").execute();
    expect(left.map((r) => r.status)).toEqual(["sent", "pending"]);
    // A second pass finds nothing more.
    expect((await purgeExpired(db, NOW, POLICY)).counts).toEqual({
      sessions: 0,
      tokens: 0,
      rateLimits: 0,
      emails: 0,
      jobs: 0,
    });
  });

  test("the retention period is the operator's: 30 days deletes the email of 89 days ago too", async () => {
    expect((await purgeExpired(t.db, NOW, { emailRetentionDays: 30, jobRetentionDays: 14 })).counts.emails).toBe(1);
  });

  test("several instances at once: exactly one runs, the others find it locked or just done", async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => runHousekeeping(t.db, NOW, POLICY)));
    expect(runs.filter((r) => r.ran)).toHaveLength(1);
    for (const run of runs.filter((r) => !r.ran)) expect(["locked", "recent"]).toContain(run.ran ? "" : run.reason);
    // Within the interval nobody runs it again; after it, one does.
    expect(await runHousekeeping(t.db, later(30 * 60 * 1000), POLICY)).toEqual({ ran: false, reason: "recent" });
    expect((await runHousekeeping(t.db, later(61 * 60 * 1000), POLICY)).ran).toBe(true);
  });
  test("jobs that ended past their retention go, with their files after the commit; queued and running jobs stay", async () => {
    const db = t.db;
    const job = (
      state: "queued" | "running" | "done" | "failed" | "cancelled",
      endedDaysAgo: number | null,
      file?: string,
    ) => ({
      kind: "diplomas",
      payload: "{}",
      state,
      run_after: ago(30 * DAY),
      created_at: ago(30 * DAY),
      finished_at: endedDaysAgo === null ? null : ago(endedDaysAgo * DAY),
      result_file: file ?? null,
    });
    await db
      .insertInto("jobs")
      .values([
        job("done", 15, "old.pdf"),
        job("done", 13, "recent.pdf"),
        job("failed", 20),
        job("cancelled", 15),
        job("queued", null),
        job("running", null),
      ])
      .execute();
    const deleted: string[] = [];
    // After the test above's runs, once an interval has passed.
    const run = await runHousekeeping(db, later(3 * 60 * 60 * 1000), {
      ...POLICY,
      deleteJobFile: async (file) => {
        // The row is already gone (committed) when its file is deleted.
        const row = await db.selectFrom("jobs").select("id").where("result_file", "=", file).executeTakeFirst();
        deleted.push(row ? `still listed: ${file}` : file);
      },
    });
    expect(run.ran && run.purged.jobs).toBe(3);
    expect(deleted).toEqual(["old.pdf"]);
    const left = await db.selectFrom("jobs").select(["state", "result_file"]).orderBy("id").execute();
    expect(left).toEqual([
      { state: "done", result_file: "recent.pdf" },
      { state: "queued", result_file: null },
      { state: "running", result_file: null },
    ]);
  });
});
