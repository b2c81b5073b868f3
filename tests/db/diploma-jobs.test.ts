import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { actOnEventJob, eventJobFile, eventJobs } from "~/.server/jobs/event-jobs.server";
import { JOB_HANDLERS } from "~/.server/jobs/kinds.server";
import { startJobWorker } from "~/.server/platform/jobs/worker.server";
import { openStoredFile } from "~/.server/platform/uploads/files.server";
import { diplomasForRound } from "~/.server/results/diplomas/diplomas.server";
import { renderDiplomasOffThread } from "~/.server/results/diplomas/render-off-thread.server";

import { engines, useTestDb } from "../setup/db";
import { openPdf } from "../setup/pdf";
import { type Contest, contest, family, section, vocalEntry } from "./publication-fixture";

const ENTRIES = 24;
const quiet = () => {};

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe.each(engines)("a round's diplomas as a background job on %s", (engine) => {
  const t = useTestDb(engine);
  let c: Contest;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(os.tmpdir(), "toi-diploma-jobs-"));
    c = await contest(t.db);
    const rows = [];
    for (let i = 0; i < ENTRIES; i++) {
      const { childId, guardian } = await family(t.db, c, { first: `Әлия${i}`, last: "Құрманғалиқызы", locale: "kk" });
      const e = await vocalEntry(t.db, c, [childId], `Ән ${i}`, { submittedBy: guardian.id });
      rows.push({ entryId: e.id, rank: i + 1, percent: 90 - i, award: i < 3 ? "laureate_1" : "participant" } as const);
    }
    await section(t.db, { roundId: c.remote.id, nominationId: c.vocalId, ageGroupId: c.youngerId, rows });
  });
  afterAll(async () => {
    await rm(uploadDir, { recursive: true, force: true });
  });

  test("is queued by the organiser, drawn with its progress recorded, and its PDF kept for download", async () => {
    const { outcome, jobId } = await actOnEventJob(t.db, {
      eventId: c.eventId,
      userId: c.organiser.id,
      locale: "ru",
      action: { intent: "diplomas", round: c.remote.id, lang: "kk" },
    });
    expect(outcome).toBe("started");
    const worker = startJobWorker(t.db, JOB_HANDLERS, {
      uploads: uploadDir,
      intervalMs: 20,
      heartbeatMs: 20,
      logError: quiet,
    });
    await worker.idle();
    await worker.stop();

    const [job] = await eventJobs(t.db, c.eventId);
    expect(job).toMatchObject({ id: jobId, kind: "diplomas", state: "done", done: ENTRIES, total: ENTRIES });
    expect(job!.percent).toBe(100);
    expect(job!.file!.name).toMatch(/^diplomas-.+-kk\.pdf$/);

    const file = await eventJobFile(t.db, { eventId: c.eventId, jobId: jobId! });
    expect(file?.contentType).toBe("application/pdf");
    expect(await eventJobFile(t.db, { eventId: c.eventId + 1000, jobId: jobId! })).toBeNull();
    const stored = await openStoredFile(uploadDir, file!.file);
    const pdf = await openPdf(await bytesOf(stored!.stream));
    expect(pdf.numPages).toBe(ENTRIES);
    const first = await (await pdf.getPage(1)).getTextContent();
    expect(first.items.map((i) => ("str" in i ? i.str : "")).join(" ")).toContain("Құрманғалиқызы Әлия0");
    await pdf.destroy();
  });

  test("fails at once, saying why, for a round with nothing to print", async () => {
    const { jobId } = await actOnEventJob(t.db, {
      eventId: c.eventId,
      userId: c.organiser.id,
      locale: "ru",
      action: { intent: "diplomas", round: c.final.id, lang: "ru" },
    });
    const worker = startJobWorker(t.db, JOB_HANDLERS, {
      uploads: uploadDir,
      intervalMs: 20,
      heartbeatMs: 20,
      logError: quiet,
    });
    await worker.idle();
    await worker.stop();
    const job = (await eventJobs(t.db, c.eventId)).find((j) => j.id === jobId);
    expect(job).toMatchObject({ state: "failed", reason: "diplomas.errors.empty", file: null });
  });

  test("another event's round is refused before anything is queued", async () => {
    const other = await contest(t.db);
    const result = await actOnEventJob(t.db, {
      eventId: c.eventId,
      userId: c.organiser.id,
      locale: "ru",
      action: { intent: "diplomas", round: other.remote.id, lang: "kk" },
    });
    expect(result.outcome).toBe("round_not_found");
  });

  test("keeps the event loop serving requests while a big batch is drawn", async () => {
    const batch = await diplomasForRound(t.db, { eventId: c.eventId, roundId: c.remote.id });
    if (!batch.ok) throw new Error("no batch");
    const many = Array.from({ length: 150 }, (_, i) => batch.diplomas[i % batch.diplomas.length]!);

    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let drawing = false;
    let servedWhileDrawing = 0;
    let progressReports = 0;
    try {
      const pdf = renderDiplomasOffThread(many, "kk", {
        onProgress: (done) => {
          progressReports++;
          if (done < many.length) drawing = true;
        },
      });
      let finished = false;
      void pdf.finally(() => (finished = true));
      // Requests one after another for as long as the batch is being drawn: each one answered is a
      // turn of the event loop the batch did not take.
      while (!finished) {
        const answer = await fetch(url).then((r) => r.text());
        if (drawing && !finished && answer === "ok") servedWhileDrawing++;
      }
      const pages = (await pdf).toString("latin1").match(/\/Type \/Page\b/g) ?? [];
      expect(pages).toHaveLength(many.length);
    } finally {
      server.close();
    }
    expect(progressReports).toBeGreaterThan(2);
    expect(servedWhileDrawing).toBeGreaterThan(10);
  });
});
