import type { z } from "zod";

import { diplomasJobSchema, entriesExportJobSchema, resultsExportJobSchema } from "~/schemas/jobs";

import type { JobContext, JobHandler } from "../platform/jobs/worker.server";
import { PermanentJobError } from "../platform/jobs/worker.server";
import { exportEventEntries } from "../registration/entries-export.server";
import { roundDiplomasPdf } from "../results/diplomas/documents.server";
import { exportRoundResults } from "../results/export.server";

/*
 * Every kind of background job and the code that runs it. A new kind (bulk emails, publication…)
 * adds its payload schema and a handler here, and is queued with enqueueJob(db, kind, payload)
 * (platform/jobs/queue.server.ts) or startEventJob (event-jobs.server.ts).
 */

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

/** A handler whose payload is checked with `schema`; `run` gets it parsed, and the job's event. */
function handler<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  run: (ctx: JobContext, payload: z.output<S>, eventId: number) => Promise<Awaited<ReturnType<JobHandler["run"]>>>,
): JobHandler {
  return {
    invalid: (payload) => (schema.safeParse(payload).success ? null : "jobs.errors.payload"),
    run(ctx) {
      if (ctx.job.eventId === null) throw new PermanentJobError("jobs.errors.payload");
      return run(ctx, schema.parse(ctx.job.payload), ctx.job.eventId);
    },
  };
}

export const JOB_HANDLERS = {
  /** Every diploma of a round, in one language, as one PDF drawn in a worker thread. */
  diplomas: handler(diplomasJobSchema, async (ctx, { roundId, locale, baseUrl }, eventId) => {
    let total: number | null = null;
    const file = await roundDiplomasPdf(ctx.db, { eventId, roundId }, locale, {
      signal: ctx.signal,
      baseUrl,
      onTotal: (n) => {
        total = n;
        ctx.progress(0, n);
      },
      onProgress: (done) => ctx.progress(done, total),
    });
    if (!file.ok) throw new PermanentJobError(file.key);
    return ctx.storeFile(file.pdf, file.fileName, "pdf", CONTENT_TYPES.pdf);
  }),

  /** The event's entries, one row per child, filtered as the entries page was, as CSV or XLSX. */
  entries_export: handler(entriesExportJobSchema, async (ctx, { format, locale, query }, eventId) => {
    ctx.progress(0, 1);
    const url = new URL(`http://toi.invalid/?${query}`);
    const { fileName, body } = await exportEventEntries(ctx.db, eventId, url, format, locale);
    ctx.progress(1, 1);
    return ctx.storeFile(body, fileName, format, CONTENT_TYPES[format]);
  }),

  /** One round's results, every section, as CSV or XLSX. */
  results_export: handler(resultsExportJobSchema, async (ctx, { roundId, format, locale }, eventId) => {
    ctx.progress(0, 1);
    const file = await exportRoundResults(ctx.db, { eventId, roundId, locale, format });
    if (!file) throw new PermanentJobError("results.export.errors.notFound");
    ctx.progress(1, 1);
    return ctx.storeFile(file.body, file.fileName, format, file.contentType);
  }),
} satisfies Record<string, JobHandler>;

export type JobKind = keyof typeof JOB_HANDLERS;
export const JOB_KINDS = Object.keys(JOB_HANDLERS) as JobKind[];
