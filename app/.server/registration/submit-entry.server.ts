import type { PerformanceFormat } from "#db/types";
import { generateReferenceCode, referencePrefix } from "~/domain/reference-code";

import { numberBlindRoundsOfEvent } from "../judging/blind-numbers.server";
import type { DB } from "../platform/db.server";
import { prepareEntryEmails } from "./entry-emails.server";
import { type EntryProblem, entryProblems } from "./entry-problems.server";
import {
  isRetryable,
  MAX_ATTEMPTS,
  pgError,
  readEvent,
  readNomination,
  settlePlace,
  takePlace,
  waitlistPosition,
} from "./waitlist.server";

/*
 * Submitting an entry: a family (or a club leader) enters children in a nomination, confirmed
 * while places last and wait-listed after (waitlist.server.ts has the lock that keeps the count).
 * Everything that does not depend on the place is read and written first, without the capacity
 * lock; the place is decided by one statement at the end, so submissions to one nomination wait
 * for each other only for that statement, the emails' insert and the commit.
 */

export type Submitter =
  | { userId: number; email: string; role: "guardian" }
  | { userId: number; email: string; role: "club_leader"; clubId: number };

export interface SubmitEntryInput {
  eventId: number;
  nominationId: number;
  format: PerformanceFormat;
  memberIds: number[];
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
  artworkFile: string | null;
  idempotencyKey: string;
}
export type SubmitResult =
  | {
      ok: true;
      entryId: number;
      reference: string;
      status: "confirmed" | "waitlisted";
      waitlistPosition: number | null;
      duplicate: boolean;
    }
  | { ok: false; problems: EntryProblem[] }
  | { ok: false; notFound: true };

const NOT_FOUND = { ok: false, notFound: true } as const;
const NO_PARAMS: Record<string, never> = Object.freeze({});
const isUniqueViolation = (err: unknown, constraint: string) =>
  pgError(err).code === "23505" && pgError(err).constraint === constraint;

/** The entry this submitter's key already made, as the answer to a repeated post. */
async function earlierSubmission(db: DB, userId: number, idempotencyKey: string): Promise<SubmitResult | undefined> {
  const entry = await db
    .selectFrom("entries")
    .select(["id", "reference", "status"])
    .where("submitted_by_user_id", "=", userId)
    .where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirst();
  if (!entry) return undefined;
  if (entry.status === "confirmed" || entry.status === "waitlisted") {
    const position = await waitlistPosition(db, entry.id);
    return {
      ok: true,
      entryId: entry.id,
      reference: entry.reference,
      status: entry.status,
      waitlistPosition: position,
      duplicate: true,
    };
  }
  return { ok: false, problems: [{ code: "form_already_used", params: { reference: entry.reference } }] };
}

/**
 * Enters children in a nomination: confirmed while places last, wait-listed after. One transaction;
 * a repeated post with the same idempotency key returns the first one's entry (duplicate: true),
 * even when both arrive at once.
 */
export async function submitEntry(
  db: DB,
  submitter: Submitter,
  input: SubmitEntryInput,
  baseUrl: string,
  now: Date = new Date(),
): Promise<SubmitResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.transaction().execute((tx) => submitInTransaction(tx, submitter, input, baseUrl, now));
      // A confirmed entry joins the event's first round: in a blind one it takes each judge's next number.
      if (result.ok && result.status === "confirmed" && !result.duplicate)
        await numberBlindRoundsOfEvent(db, input.eventId, { entryIds: [result.entryId] });
      return result;
    } catch (err) {
      // The database refused a second entry for this key or a second live entry for a child: a
      // concurrent post won. Answer as if this one had come after it.
      if (isUniqueViolation(err, "entries_idempotency")) {
        const earlier = await earlierSubmission(db, submitter.userId, input.idempotencyKey);
        if (earlier) return earlier;
      } else if (isUniqueViolation(err, "entry_members_one_per_format")) {
        const taken = await liveMembers(db, input.nominationId, input.format, input.memberIds);
        if (taken.length > 0)
          return {
            ok: false,
            problems: taken.map((memberId) => ({ code: "already_entered", memberId, params: NO_PARAMS })),
          };
      } else if (!isRetryable(err)) {
        throw err;
      }
      if (attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

async function liveMembers(
  db: DB,
  nominationId: number,
  format: PerformanceFormat,
  memberIds: number[],
): Promise<number[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom("entry_members")
    .select("participant_id")
    .where("nomination_id", "=", nominationId)
    .where("format", "=", format)
    .where("participant_id", "in", memberIds)
    .where("active", "=", true)
    .execute();
  return rows.map((r) => r.participant_id);
}

async function submitInTransaction(
  tx: DB,
  submitter: Submitter,
  input: SubmitEntryInput,
  baseUrl: string,
  now: Date,
): Promise<SubmitResult> {
  const earlier = await earlierSubmission(tx, submitter.userId, input.idempotencyKey);
  if (earlier) return earlier;

  const memberIds = [...new Set(input.memberIds)];
  const members =
    memberIds.length === 0
      ? []
      : await tx
          .selectFrom("participants")
          .select(["id", "birth_date", "club_id"])
          .where("id", "in", memberIds)
          .where("anonymised_at", "is", null)
          .where(
            submitter.role === "guardian" ? "guardian_user_id" : "club_id",
            "=",
            submitter.role === "guardian" ? submitter.userId : submitter.clubId,
          )
          // Keeps the children from being deleted or moved to another family until this commits.
          .forKeyShare()
          .execute();
  // Another family's child, or another club's, is indistinguishable from a missing one.
  if (members.length !== memberIds.length) return NOT_FOUND;

  const event = await readEvent(tx, input.eventId);
  if (!event) return NOT_FOUND;
  const nomination = await readNomination(tx, event.id, input.nominationId);
  if (!nomination) return NOT_FOUND;

  const problems = await entryProblems(tx, event, nomination, members, input, now);
  if (problems.problems.length > 0) return { ok: false, problems: problems.problems };

  const clubIds = new Set(members.map((m) => m.club_id));
  // Written as 'submitted' (holding no place, invisible to others until the commit); a concurrent
  // post with the same key or for the same child fails here, before any lock on places.
  const entry = await insertWithReference(tx, referencePrefix({ slug: event.slug, startsOn: event.starts_on }), {
    event_id: event.id,
    nomination_id: nomination.id,
    age_group_id: problems.ageGroupId,
    format: input.format,
    title: input.title.trim(),
    duration_seconds: input.durationSeconds && input.durationSeconds > 0 ? input.durationSeconds : null,
    video_url: input.videoUrl?.trim() || null,
    artwork_file: input.artworkFile,
    status: "submitted",
    submitted_by_user_id: submitter.userId,
    // A family's entry belongs to the children's club when they share one.
    club_id: submitter.role === "club_leader" ? submitter.clubId : clubIds.size === 1 ? [...clubIds][0]! : null,
    idempotency_key: input.idempotencyKey,
  });
  await tx
    .insertInto("entry_members")
    .values(
      memberIds.map((participant_id) => ({
        entry_id: entry.id,
        participant_id,
        nomination_id: nomination.id,
        active: true,
      })),
    )
    .execute();
  const sendEmails = await prepareEntryEmails(tx, entry.id, baseUrl, "submitter");

  // The capacity lock from here to the commit.
  const status =
    (event.capacity === null ? await takePlace(tx, nomination, entry.id) : null) ??
    (await settlePlace(tx, event, nomination, entry.id, baseUrl));
  const position = status === "waitlisted" ? await waitlistPosition(tx, entry.id) : null;
  await sendEmails(tx, status === "confirmed" ? "entry_confirmed" : "entry_waitlisted", { position });
  return {
    ok: true,
    entryId: entry.id,
    reference: entry.reference,
    status,
    waitlistPosition: position,
    duplicate: false,
  };
}
/** Inserts the entry under a fresh reference code, drawing again in the rare case one is taken. */
async function insertWithReference(
  tx: DB,
  prefix: string,
  values: {
    event_id: number;
    nomination_id: number;
    age_group_id: number | null;
    format: PerformanceFormat;
    title: string;
    duration_seconds: number | null;
    video_url: string | null;
    artwork_file: string | null;
    status: "submitted";
    submitted_by_user_id: number;
    club_id: number | null;
    idempotency_key: string;
  },
): Promise<{ id: number; reference: string }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const row = await tx
      .insertInto("entries")
      .values({ ...values, reference: generateReferenceCode(prefix) })
      .onConflict((oc) => oc.column("reference").doNothing())
      .returning(["id", "reference"])
      .executeTakeFirst();
    if (row) return row;
  }
  throw new Error(`No free reference code under ${prefix} after 8 draws`);
}
