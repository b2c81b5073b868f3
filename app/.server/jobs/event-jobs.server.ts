import type { JobState } from "#db/types";
import { percentDone, secondsLeft } from "~/domain/jobs";
import type { Locale } from "~/domain/locale";
import { numberedPage } from "~/domain/paging";
import type { JobAction } from "~/schemas/jobs";

import { eventRounds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";
import {
  cancelJob,
  countEventJobs,
  enqueueJob,
  type JobFile,
  jobFile,
  listEventJobs,
  retryJob,
} from "../platform/jobs/queue.server";
import { resultsEvent, roundLabel } from "../results/section-facts.server";
import { JOB_HANDLERS, type JobKind } from "./kinds.server";

/*
 * An event's background jobs as its organisers see them: start one, follow it, cancel or retry it,
 * download what it made. Callers have checked that the viewer organises the event.
 */

/** Queues a job of `kind` for the event, its payload checked first. Null when the payload is not valid. */
export async function startEventJob(
  db: DB,
  {
    eventId,
    userId,
    kind,
    payload,
  }: { eventId: number; userId: number; kind: JobKind; payload: Record<string, unknown> },
): Promise<number | null> {
  if (JOB_HANDLERS[kind].invalid(payload)) return null;
  return enqueueJob(db, kind, payload, { eventId, createdBy: userId });
}

export type JobOutcome = "started" | "cancelled" | "retried" | "not_found" | "round_not_found";

/** Does what the jobs page's form asked. */
export async function actOnEventJob(
  db: DB,
  {
    eventId,
    userId,
    locale,
    action,
    baseUrl,
  }: { eventId: number; userId: number; locale: Locale; action: JobAction; baseUrl?: string },
): Promise<{ outcome: JobOutcome; jobId?: number }> {
  if (action.intent === "cancel")
    return { outcome: (await cancelJob(db, { jobId: action.jobId, eventId })) ? "cancelled" : "not_found" };
  if (action.intent === "retry")
    return { outcome: (await retryJob(db, { jobId: action.jobId, eventId })) ? "retried" : "not_found" };
  if (action.intent === "entries") {
    const jobId = await startEventJob(db, {
      eventId,
      userId,
      kind: "entries_export",
      payload: { format: action.format, locale, query: action.query },
    });
    return { outcome: "started", jobId: jobId ?? undefined };
  }
  const round = await db
    .selectFrom("rounds")
    .select("id")
    .where("id", "=", action.round)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  if (!round) return { outcome: "round_not_found" };
  const jobId =
    action.intent === "diplomas"
      ? await startEventJob(db, {
          eventId,
          userId,
          kind: "diplomas",
          payload: { roundId: round.id, locale: action.lang, baseUrl },
        })
      : await startEventJob(db, {
          eventId,
          userId,
          kind: "results_export",
          payload: { roundId: round.id, format: action.format, locale },
        });
  return { outcome: "started", jobId: jobId ?? undefined };
}

export interface EventJob {
  id: number;
  kind: string;
  state: JobState;
  done: number;
  total: number | null;
  percent: number | null;
  secondsLeft: number | null;
  /** The round a diploma batch or results export is of; the language of a diploma batch; a file format. */
  roundId: number | null;
  lang: string | null;
  format: string | null;
  createdAt: string;
  finishedAt: string | null;
  file: { name: string; bytes: number } | null;
  /** Why it failed, as a catalogue key, when the reason is one the organiser can read. */
  reason: string | null;
}

const CATALOGUE_KEY = /^[a-z]+(\.[a-zA-Z]+)+$/;

/** A page of the event's jobs (the latest 50 by default), newest first, with progress and time left as of `now`. */
export async function eventJobs(
  db: DB,
  eventId: number,
  now = new Date(),
  page: { limit?: number; offset?: number } = {},
): Promise<EventJob[]> {
  const jobs = await listEventJobs(db, eventId, page);
  return jobs.map((j) => {
    const error = j.state === "failed" ? j.lastError : null;
    const number = (name: string) => (typeof j.payload[name] === "number" ? (j.payload[name] as number) : null);
    const text = (name: string) => (typeof j.payload[name] === "string" ? (j.payload[name] as string) : null);
    return {
      id: j.id,
      kind: j.kind,
      state: j.state,
      done: j.done,
      total: j.total,
      percent: percentDone(j),
      secondsLeft: j.state === "running" ? secondsLeft(j, now) : null,
      roundId: number("roundId"),
      lang: j.kind === "diplomas" ? text("locale") : null,
      format: text("format"),
      createdAt: j.createdAt.toISOString(),
      finishedAt: j.finishedAt?.toISOString() ?? null,
      file: j.state === "done" ? j.file : null,
      reason: error && CATALOGUE_KEY.test(error) ? error : null,
    };
  });
}

/** The file an event's finished job made, for its download route. */
export function eventJobFile(db: DB, scope: { eventId: number; jobId: number }): Promise<JobFile | null> {
  return jobFile(db, scope);
}

/** Jobs a page of the jobs list shows. */
export const JOBS_PAGE_SIZE = 25;

/** The jobs page: the event, its rounds to start a batch for, and one page of its jobs, newest first. */
export async function eventJobsPage(
  db: DB,
  eventId: number,
  locale: Locale,
  askedPage: number | null,
  now = new Date(),
) {
  const [event, rounds, counts] = await Promise.all([
    resultsEvent(db, eventId, locale),
    eventRounds(db, eventId),
    countEventJobs(db, eventId),
  ]);
  const page = numberedPage(counts.total, askedPage, JOBS_PAGE_SIZE);
  const jobs = await eventJobs(db, eventId, now, { limit: JOBS_PAGE_SIZE, offset: page.offset });
  return {
    event,
    rounds: rounds.map((r, i) => ({ id: r.id, number: i + 1, label: roundLabel(r, locale) })),
    jobs,
    page,
    total: counts.total,
    /** Some job of the event (on any page) is waiting or running: the page keeps itself up to date. */
    active: counts.active > 0,
  };
}
