// Times a 3,000-diploma batch drawn as a background job and, meanwhile, how fast a small request is
// answered by the same process (a /healthz stand-in that pings the database): the batch must leave
// the event loop free. Loaded through Vite's SSR loader by tests/bench/run.mjs (`--only=jobs`).
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { sql } from "kysely";

import { JOB_HANDLERS } from "~/.server/jobs/kinds.server";
import { migrateToLatest, openDatabase } from "~/.server/platform/db.server";
import { enqueueJob } from "~/.server/platform/jobs/queue.server";
import { startJobWorker } from "~/.server/platform/jobs/worker.server";

import { contest, referenceCode, section } from "../db/publication-fixture";

export interface DiplomaBenchReport {
  diplomas: number;
  batchMs: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function runDiplomaBench({ diplomas = 3000 } = {}): Promise<DiplomaBenchReport> {
  const opened = await openDatabase({});
  const uploadDir = await mkdtemp(path.join(os.tmpdir(), "toi-bench-diplomas-"));
  const db = opened.db;
  try {
    await migrateToLatest(db);
    const c = await contest(db);
    const round = c.final;
    const guardian = await db.selectFrom("users").select("id").executeTakeFirstOrThrow();
    const rows = [];
    for (let from = 0; from < diplomas; from += 500) {
      const n = Math.min(500, diplomas - from);
      const kids = await db
        .insertInto("participants")
        .values(
          Array.from({ length: n }, (_, i) => ({
            guardian_user_id: guardian.id,
            last_name: "Құрманғалиқызы",
            first_name: `Әлия ${from + i}`,
            birth_date: "2016-03-14",
            city: "almaty",
          })),
        )
        .returning("id")
        .execute();
      const entries = await db
        .insertInto("entries")
        .values(
          kids.map((_, i) => ({
            event_id: c.eventId,
            nomination_id: c.vocalId,
            age_group_id: c.youngerId,
            format: "solo" as const,
            title: `Ән ${from + i}`,
            status: "confirmed" as const,
            reference: referenceCode(),
          })),
        )
        .returning("id")
        .execute();
      await db
        .insertInto("entry_members")
        .values(entries.map((e, i) => ({ entry_id: e.id, participant_id: kids[i]!.id, nomination_id: c.vocalId })))
        .execute();
      rows.push(
        ...entries.map((e, i) => ({ entryId: e.id, rank: from + i + 1, percent: 80, award: "laureate_2" as const })),
      );
    }
    await section(db, { roundId: round.id, nominationId: c.vocalId, ageGroupId: c.youngerId, rows });

    const server = http.createServer((_req, res) => {
      sql`select 1`.execute(db).then(
        () => res.end("ok"),
        () => res.writeHead(503).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    await enqueueJob(db, "diplomas", { roundId: round.id, locale: "kk" }, { eventId: c.eventId });
    const started = performance.now();
    const worker = startJobWorker(db, JOB_HANDLERS, { uploads: uploadDir, intervalMs: 50 });
    const latencies: number[] = [];
    let done = false;
    const idle = worker.idle().then(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      await fetch(url).then((r) => r.text());
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    await idle;
    const batchMs = performance.now() - started;
    await worker.stop();
    server.close();
    const row = await db.selectFrom("jobs").select(["state", "progress_done", "last_error"]).executeTakeFirstOrThrow();
    if (row.state !== "done") throw new Error(`The batch ended ${row.state}: ${row.last_error}`);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      diplomas: row.progress_done,
      batchMs,
      requests: sorted.length,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? 0,
    };
  } finally {
    await opened.close();
    await rm(uploadDir, { recursive: true, force: true });
  }
}
