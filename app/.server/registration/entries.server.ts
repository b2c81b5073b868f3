import { type ExpressionBuilder, sql } from "kysely";

import type { Database, EntryKind, EntryStatus, PerformanceFormat } from "#db/types";
import { checkEntry, type EligibilityMessage, type Problem, problemMessage } from "~/domain/eligibility";
import { registrationState } from "~/domain/event-state";
import { type Locale, localized } from "~/domain/locale";
import { generateReferenceCode, referencePrefix } from "~/domain/reference-code";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";

/*
 * Registration: entering children in a nomination, the wait-list, withdrawals and organisers'
 * decisions. Capacity is kept by the database, never by a check in JS followed by a separate write:
 * every change that can take or free a place runs in one transaction holding the nomination's row
 * lock (and the event's, when the event has a capacity of its own), so counting the confirmed
 * entries and writing the new one cannot interleave with another submission.
 *
 * Locks are always taken in one order: the children's rows, the event, its nominations (by id), the
 * entries. deleteChild starts from the child too, so no two of these transactions wait on each other
 * in a circle.
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

/** Eligibility's problems, and the ones only registration itself can find. */
export type EntryProblem =
  | Problem
  | { code: "consent_missing"; memberId: number; params: Record<string, never> }
  /** The form's idempotency key already made an entry that has since been withdrawn or rejected. */
  | { code: "form_already_used"; params: { reference: string } };

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

export interface EntryProblemMessage {
  key: EligibilityMessage["key"] | "entries.consent_missing" | "entries.form_already_used";
  params: Record<string, string | number>;
}

/** The catalogue key and parameters for any problem submitEntry reports (problemMessage covers eligibility's own). */
export function entryProblemMessage(
  problem: EntryProblem,
  options: { locale: Locale; nameOf: (participantId: number) => string },
): EntryProblemMessage {
  switch (problem.code) {
    case "consent_missing":
      return { key: "entries.consent_missing", params: { name: options.nameOf(problem.memberId) } };
    case "form_already_used":
      return { key: "entries.form_already_used", params: { reference: problem.params.reference } };
    default:
      return problemMessage(problem, options);
  }
}

const NOT_FOUND = { ok: false, notFound: true } as const;
const NO_PARAMS: Record<string, never> = Object.freeze({});
const OPEN_STATUSES = ["submitted", "confirmed", "waitlisted"] as const satisfies readonly EntryStatus[];
const isOpen = (status: EntryStatus) => (OPEN_STATUSES as readonly EntryStatus[]).includes(status);

/** Where entry emails send the family: the list of its entries. */
export const ENTRIES_PATH = "/entries";

// ---------------------------------------------------------------------------------------------
// Locks, counts and the wait-list

const eventColumns = [
  "id",
  "slug",
  "status",
  "title_kk",
  "title_ru",
  "title_en",
  "starts_on",
  "timezone",
  "capacity",
  "registration_opens_at",
  "registration_closes_at",
  "age_reference_date",
] as const;

type LockedEvent = NonNullable<Awaited<ReturnType<typeof lockEvent>>>;

/**
 * Reads the event and holds it still for the transaction. FOR KEY SHARE keeps the organiser's edit
 * (which takes FOR UPDATE) from changing the capacity underneath, without making submissions to
 * different nominations wait for each other. When the event has a capacity, every change to its
 * places must be serialised event-wide, so the lock is raised to FOR NO KEY UPDATE: that mode does
 * not conflict with the KEY SHARE other transactions hold, so raising it cannot deadlock.
 */
async function lockEvent(tx: DB, eventId: number) {
  const event = await tx
    .selectFrom("events")
    .select(eventColumns)
    .where("id", "=", eventId)
    .forKeyShare()
    .executeTakeFirst();
  if (event?.capacity != null)
    await tx.selectFrom("events").select("id").where("id", "=", eventId).forNoKeyUpdate().execute();
  return event;
}

async function lockNomination(tx: DB, eventId: number, nominationId: number) {
  return tx
    .selectFrom("nominations")
    .select(["id", "name_kk", "name_ru", "name_en", "entry_kind", "max_duration_seconds", "capacity"])
    .where("id", "=", nominationId)
    .where("event_id", "=", eventId)
    .forUpdate()
    .executeTakeFirst();
}

async function countConfirmed(tx: DB, scope: "event_id" | "nomination_id", id: number): Promise<number> {
  const row = await tx
    .selectFrom("entries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(scope, "=", id)
    .where("status", "=", "confirmed")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function hasFreePlace(
  tx: DB,
  event: LockedEvent,
  nomination: { id: number; capacity: number | null },
): Promise<boolean> {
  if (nomination.capacity !== null && (await countConfirmed(tx, "nomination_id", nomination.id)) >= nomination.capacity)
    return false;
  if (event.capacity !== null && (await countConfirmed(tx, "event_id", event.id)) >= event.capacity) return false;
  return true;
}

/**
 * Gives free places to the wait-list, earliest queued first, and emails each promoted family.
 * Called with the locks held, whenever a place may have come free (and before a newcomer takes one,
 * so a raised capacity goes to those already waiting). With an event capacity, a place freed in one
 * nomination may go to an entry waiting in another one whose own nomination has room.
 */
async function fillFreePlaces(
  tx: DB,
  event: LockedEvent,
  nominationId: number,
  baseUrl: string | null,
): Promise<number[]> {
  const promoted: number[] = [];
  for (;;) {
    if (event.capacity !== null && (await countConfirmed(tx, "event_id", event.id)) >= event.capacity) break;
    // Which nominations have a free place is decided first, with one count each, so the query for the
    // head of the wait-list is a plain index scan. (Asking it per waiting row made every submission
    // slow while a long wait-list built up on a fresh database: the bench's registration.burst.)
    const candidates = event.capacity === null ? [nominationId] : await nominationsWithWaitlist(tx, event.id);
    const open: number[] = [];
    for (const id of candidates) {
      const nomination = await tx
        .selectFrom("nominations")
        .select("capacity")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      if (nomination.capacity === null || (await countConfirmed(tx, "nomination_id", id)) < nomination.capacity)
        open.push(id);
    }
    if (open.length === 0) break;
    const head = await tx
      .selectFrom("entries as w")
      .select("w.id")
      .where("w.status", "=", "waitlisted")
      .where("w.nomination_id", "in", open)
      .orderBy("w.queued_at")
      .orderBy("w.id")
      .limit(1)
      .executeTakeFirst();
    if (!head) break;
    await tx
      .updateTable("entries")
      .set({ status: "confirmed", status_reason: null, updated_at: sql`now()` })
      .where("id", "=", head.id)
      .execute();
    promoted.push(head.id);
    if (baseUrl !== null) await notify(tx, head.id, "entry_promoted", baseUrl, { to: "family" });
  }
  return promoted;
}

/** Nominations of an event that have anyone waiting (only those can take a freed event place). */
async function nominationsWithWaitlist(tx: DB, eventId: number): Promise<number[]> {
  const rows = await tx
    .selectFrom("entries")
    .select("nomination_id")
    .distinct()
    .where("event_id", "=", eventId)
    .where("status", "=", "waitlisted")
    .execute();
  return rows.map((r) => r.nomination_id);
}

/** Withdrawn or rejected: the entry stops holding a place, and its children may be entered again. */
async function closeEntry(
  tx: DB,
  entryId: number,
  status: "withdrawn" | "rejected",
  reason: string | null,
): Promise<void> {
  await tx
    .updateTable("entries")
    .set({ status, status_reason: reason, updated_at: sql`now()` })
    .where("id", "=", entryId)
    .execute();
  await tx.updateTable("entry_members").set({ active: false }).where("entry_id", "=", entryId).execute();
}

/** Position on the nomination's wait-list (1 = next to be promoted), or null when the entry is not waiting. */
export async function waitlistPosition(db: DB, entryId: number): Promise<number | null> {
  // Compared in SQL: queued_at has microseconds, a JS Date only milliseconds.
  const row = await db
    .selectFrom("entries as e")
    .innerJoin("entries as w", (join) =>
      join.onRef("w.nomination_id", "=", "e.nomination_id").on("w.status", "=", "waitlisted"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("e.id", "=", entryId)
    .where("e.status", "=", "waitlisted")
    .where(sql<boolean>`(w.queued_at, w.id) <= (e.queued_at, e.id)`)
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > 0 ? n : null;
}

// ---------------------------------------------------------------------------------------------
// Emails

type EntryEmail = "entry_confirmed" | "entry_waitlisted" | "entry_promoted" | "entry_rejected";

/**
 * Emails about one entry, each recipient in their own language: the submitter only, or the family —
 * the submitter and every member's guardian (a club leader's entry also tells the parents).
 */
async function notify(
  tx: DB,
  entryId: number,
  template: EntryEmail,
  baseUrl: string,
  options: { to: "submitter" | "family"; position?: number | null; reason?: string },
): Promise<void> {
  const entry = await tx
    .selectFrom("entries")
    .innerJoin("events", "events.id", "entries.event_id")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .select([
      "entries.reference",
      "entries.submitted_by_user_id",
      "events.title_kk",
      "events.title_ru",
      "events.title_en",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
    ])
    .where("entries.id", "=", entryId)
    .executeTakeFirstOrThrow();
  const members = await tx
    .selectFrom("entry_members")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .select(["participants.first_name", "participants.last_name", "participants.guardian_user_id"])
    .where("entry_members.entry_id", "=", entryId)
    .orderBy("participants.last_name")
    .orderBy("participants.first_name")
    .execute();
  const userIds = new Set<number>();
  if (entry.submitted_by_user_id !== null) userIds.add(entry.submitted_by_user_id);
  if (options.to === "family")
    for (const m of members) if (m.guardian_user_id !== null) userIds.add(m.guardian_user_id);
  if (userIds.size === 0) return;
  const recipients = await tx
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("id", "in", [...userIds])
    .orderBy("id")
    .execute();
  // Anonymised members have no name left to show.
  const names = members.map((m) => `${m.last_name} ${m.first_name}`.trim()).filter(Boolean);
  for (const user of recipients) {
    const facts = {
      name: user.name,
      childNames: new Intl.ListFormat(user.locale, { type: "conjunction" }).format(names),
      event: localized(entry, "title", user.locale),
      nomination: localized(entry, "name", user.locale),
      reference: entry.reference,
      url: `${baseUrl}${ENTRIES_PATH}`,
    };
    const base = { to: user.email, locale: user.locale, userId: user.id };
    if (template === "entry_waitlisted")
      await enqueueEmail(tx, { ...base, template, params: { ...facts, position: options.position ?? 1 } });
    else if (template === "entry_rejected")
      await enqueueEmail(tx, { ...base, template, params: { ...facts, reason: options.reason ?? "" } });
    else await enqueueEmail(tx, { ...base, template, params: facts });
  }
}

// ---------------------------------------------------------------------------------------------
// Submitting

const pgError = (err: unknown) => (err ?? {}) as { code?: string; constraint?: string };
const isUniqueViolation = (err: unknown, constraint: string) =>
  pgError(err).code === "23505" && pgError(err).constraint === constraint;
/** Deadlocks and serialisation failures: the whole transaction may simply run again. */
const isRetryable = (err: unknown) => pgError(err).code === "40P01" || pgError(err).code === "40001";
const MAX_ATTEMPTS = 4;

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && isRetryable(err)) continue;
      throw err;
    }
  }
}

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
      return await db.transaction().execute((tx) => submitInTransaction(tx, submitter, input, baseUrl, now));
    } catch (err) {
      // The database refused a second entry for this key or a second live entry for a child: a
      // concurrent post won. Answer as if this one had come after it.
      if (isUniqueViolation(err, "entries_idempotency")) {
        const earlier = await earlierSubmission(db, submitter.userId, input.idempotencyKey);
        if (earlier) return earlier;
      } else if (isUniqueViolation(err, "entry_members_one_per_nomination")) {
        const taken = await liveMembers(db, input.nominationId, input.memberIds);
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

async function liveMembers(db: DB, nominationId: number, memberIds: number[]): Promise<number[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom("entry_members")
    .select("participant_id")
    .where("nomination_id", "=", nominationId)
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

  const event = await lockEvent(tx, input.eventId);
  if (!event) return NOT_FOUND;
  const nomination = await lockNomination(tx, event.id, input.nominationId);
  if (!nomination) return NOT_FOUND;

  // A post with the same key may have committed while this one waited for the lock.
  const raced = await earlierSubmission(tx, submitter.userId, input.idempotencyKey);
  if (raced) return raced;

  const problems = await entryProblems(tx, event, nomination, members, input, now);
  if (problems.problems.length > 0) return { ok: false, problems: problems.problems };

  await fillFreePlaces(tx, event, nomination.id, baseUrl);
  const status = (await hasFreePlace(tx, event, nomination)) ? "confirmed" : "waitlisted";
  const clubIds = new Set(members.map((m) => m.club_id));
  const entry = await insertWithReference(tx, referencePrefix({ slug: event.slug, startsOn: event.starts_on }), {
    event_id: event.id,
    nomination_id: nomination.id,
    age_group_id: problems.ageGroupId,
    format: input.format,
    title: input.title.trim(),
    duration_seconds: input.durationSeconds && input.durationSeconds > 0 ? input.durationSeconds : null,
    video_url: input.videoUrl?.trim() || null,
    artwork_file: input.artworkFile,
    status,
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
  const position = status === "waitlisted" ? await waitlistPosition(tx, entry.id) : null;
  await notify(tx, entry.id, status === "confirmed" ? "entry_confirmed" : "entry_waitlisted", baseUrl, {
    to: "submitter",
    position,
  });
  return {
    ok: true,
    entryId: entry.id,
    reference: entry.reference,
    status,
    waitlistPosition: position,
    duplicate: false,
  };
}

// ---------------------------------------------------------------------------------------------
// A club's batch

/** One entry of a club leader's batch: a child's solo, or the whole group, with its piece. */
export interface ClubBatchEntry {
  memberIds: number[];
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
}

export interface ClubBatch {
  eventId: number;
  nominationId: number;
  /** Solo: one entry per batch entry. A group format: the batch holds the one group entry. */
  format: PerformanceFormat;
  /** The form's key; each entry's own is derived from it and its child (or "group"). */
  idempotencyKey: string;
  entries: ClubBatchEntry[];
}

/**
 * A club leader enters many children from one form. Each entry is submitted on its own, in the
 * order given, so one child's refusal leaves the others' entries standing (and places are given
 * out in roster order). Each entry's idempotency key is the form's key plus its child, so a double
 * click or a retry answers with the entries already made, and makes only those that were refused.
 */
export async function submitClubEntries(
  db: DB,
  submitter: Extract<Submitter, { role: "club_leader" }>,
  batch: ClubBatch,
  baseUrl: string,
  now: Date = new Date(),
): Promise<{ memberIds: number[]; result: SubmitResult }[]> {
  if (batch.format !== "solo" && batch.entries.length > 1) throw new Error("A group batch makes one entry.");
  const results: { memberIds: number[]; result: SubmitResult }[] = [];
  for (const entry of batch.entries) {
    const idempotencyKey =
      batch.format === "solo" ? `${batch.idempotencyKey}-c${entry.memberIds[0]}` : `${batch.idempotencyKey}-group`;
    const input: SubmitEntryInput = {
      eventId: batch.eventId,
      nominationId: batch.nominationId,
      format: batch.format,
      memberIds: entry.memberIds,
      title: entry.title,
      durationSeconds: entry.durationSeconds,
      videoUrl: entry.videoUrl,
      artworkFile: null,
      idempotencyKey,
    };
    results.push({ memberIds: entry.memberIds, result: await submitEntry(db, submitter, input, baseUrl, now) });
  }
  return results;
}

/** Eligibility (pure, in app/domain) over what the database knows, plus each member's data consent. */
async function entryProblems(
  tx: DB,
  event: LockedEvent,
  nomination: NonNullable<Awaited<ReturnType<typeof lockNomination>>>,
  members: { id: number; birth_date: string | null }[],
  input: SubmitEntryInput,
  now: Date,
): Promise<{ problems: EntryProblem[]; ageGroupId: number | null }> {
  const memberIds = members.map((m) => m.id);
  const formats = await tx
    .selectFrom("nomination_formats")
    .select(["format", "min_members", "max_members"])
    .where("nomination_id", "=", nomination.id)
    .execute();
  const ageGroups = await tx
    .selectFrom("age_groups")
    .select(["id", "min_age", "max_age"])
    .where("event_id", "=", event.id)
    .orderBy("min_age")
    .execute();
  const consented =
    memberIds.length === 0
      ? []
      : await tx
          .selectFrom("consents")
          .select("participant_id")
          .where("participant_id", "in", memberIds)
          .where("kind", "=", "data")
          .where("withdrawn_at", "is", null)
          .execute();
  const existing =
    memberIds.length === 0
      ? []
      : await tx
          .selectFrom("entry_members")
          .innerJoin("entries", "entries.id", "entry_members.entry_id")
          .select(["entry_members.participant_id", "entries.nomination_id", "entries.status"])
          .where("entries.event_id", "=", event.id)
          .where("entry_members.participant_id", "in", memberIds)
          .execute();
  const birthDates = new Map(members.map((m) => [m.id, m.birth_date!]));

  const result = checkEntry({
    event: {
      status: event.status,
      registrationOpensAt: event.registration_opens_at,
      registrationClosesAt: event.registration_closes_at,
      ageReferenceDate: event.age_reference_date,
      startsOn: event.starts_on,
      maxEntriesPerChild: undefined,
      timezone: event.timezone,
    },
    nomination: {
      id: nomination.id,
      entryKind: nomination.entry_kind,
      maxDurationSeconds: nomination.max_duration_seconds,
      formats: formats.map((f) => ({ format: f.format, min: f.min_members, max: f.max_members })),
    },
    ageGroups: ageGroups.map((g) => ({ id: g.id, minAge: g.min_age, maxAge: g.max_age })),
    format: input.format,
    members: input.memberIds.map((participantId) => ({ participantId, birthDate: birthDates.get(participantId)! })),
    durationSeconds: input.durationSeconds,
    videoUrl: input.videoUrl,
    hasArtwork: input.artworkFile !== null,
    existingEntries: existing.map((e) => ({
      participantId: e.participant_id,
      nominationId: e.nomination_id,
      status: e.status,
    })),
    now,
  });
  const problems: EntryProblem[] = result.ok ? [] : [...result.problems];
  const withConsent = new Set(consented.map((c) => c.participant_id));
  for (const id of memberIds)
    if (!withConsent.has(id)) problems.push({ code: "consent_missing", memberId: id, params: NO_PARAMS });
  return { problems, ageGroupId: result.ok ? result.ageGroupId : null };
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
    status: "confirmed" | "waitlisted";
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

// ---------------------------------------------------------------------------------------------
// Withdrawing and deciding

/** Who may withdraw: the guardian of a member child, or whoever submitted the entry (a club leader). */
function mayWithdraw(eb: ExpressionBuilder<Database, "entries">, userId: number) {
  return eb.or([
    eb("entries.submitted_by_user_id", "=", userId),
    eb.exists(
      eb
        .selectFrom("entry_members as m")
        .innerJoin("participants as p", "p.id", "m.participant_id")
        .select("m.entry_id")
        .whereRef("m.entry_id", "=", "entries.id")
        .where("p.guardian_user_id", "=", userId),
    ),
  ]);
}

const registrationOpen = (event: LockedEvent, now: Date) =>
  registrationState(
    {
      status: event.status,
      registrationOpensAt: event.registration_opens_at,
      registrationClosesAt: event.registration_closes_at,
    },
    now,
  ) === "open";

/**
 * A family (or the submitting club leader) withdraws an entry while registration is open. A freed
 * place goes to the head of the wait-list in the same transaction, and that family is emailed.
 * Withdrawing an entry already withdrawn answers "withdrawn" again (a repeated click).
 */
export async function withdrawEntry(
  db: DB,
  who: { userId: number; email: string },
  entryId: number,
  baseUrl: string,
  now: Date = new Date(),
): Promise<"withdrawn" | "missing" | "too_late"> {
  return withRetries(() =>
    db.transaction().execute(async (tx) => {
      const entry = await tx
        .selectFrom("entries")
        .select(["id", "event_id", "nomination_id"])
        .where("id", "=", entryId)
        .where((eb) => mayWithdraw(eb, who.userId))
        .executeTakeFirst();
      if (!entry) return "missing";
      const event = (await lockEvent(tx, entry.event_id))!;
      await lockNomination(tx, entry.event_id, entry.nomination_id);
      const { status } = await tx
        .selectFrom("entries")
        .select("status")
        .where("id", "=", entryId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (status === "withdrawn") return "withdrawn";
      if (!isOpen(status)) return "missing";
      if (!registrationOpen(event, now)) return "too_late";
      await closeEntry(tx, entryId, "withdrawn", null);
      await fillFreePlaces(tx, event, entry.nomination_id, baseUrl);
      return "withdrawn";
    }),
  );
}

/**
 * An organiser's decision. Approving confirms a wait-listed entry even beyond capacity (the
 * organiser's override); rejecting needs a reason, which the family is emailed, and a confirmed
 * entry's place goes to the wait-list. The caller checks that `organiser` runs the entry's event.
 */
export async function decideEntry(
  db: DB,
  organiser: Actor,
  entryId: number,
  decision: "approve" | "reject",
  reason: string | null,
  baseUrl: string,
): Promise<"done" | "missing" | "invalid"> {
  const why = reason?.trim() ?? "";
  if (decision === "reject" && why === "") return "invalid";
  return withRetries(() =>
    db.transaction().execute(async (tx) => {
      const entry = await tx
        .selectFrom("entries")
        .select(["event_id", "nomination_id"])
        .where("id", "=", entryId)
        .executeTakeFirst();
      if (!entry) return "missing";
      const event = (await lockEvent(tx, entry.event_id))!;
      await lockNomination(tx, entry.event_id, entry.nomination_id);
      const before = await tx
        .selectFrom("entries")
        .select(["status", "status_reason"])
        .where("id", "=", entryId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const logged = {
        action: `entry.${decision}`,
        entityType: "entry",
        entityId: entryId,
        eventId: entry.event_id,
        before,
      };

      if (decision === "approve") {
        if (before.status !== "waitlisted" && before.status !== "submitted") return "invalid";
        await tx
          .updateTable("entries")
          .set({ status: "confirmed", status_reason: null, updated_at: sql`now()` })
          .where("id", "=", entryId)
          .execute();
        await notify(tx, entryId, "entry_promoted", baseUrl, { to: "family" });
        await audit(tx, organiser, { ...logged, after: { status: "confirmed" } });
        return "done";
      }
      if (!isOpen(before.status)) return "invalid";
      await closeEntry(tx, entryId, "rejected", why);
      await notify(tx, entryId, "entry_rejected", baseUrl, { to: "family", reason: why });
      const promoted = await fillFreePlaces(tx, event, entry.nomination_id, baseUrl);
      await audit(tx, organiser, {
        ...logged,
        after: { status: "rejected", status_reason: why, promotedEntries: promoted },
      });
      return "done";
    }),
  );
}

/** The event an entry belongs to, for the caller's permission check before decideEntry. */
export async function entryEventId(db: DB, entryId: number): Promise<number | null> {
  const row = await db.selectFrom("entries").select("event_id").where("id", "=", entryId).executeTakeFirst();
  return row?.event_id ?? null;
}

/**
 * Withdraws the open entries of a child being deleted (see deleteChild, which holds the child's row
 * lock) and gives the freed places to the wait-list. Registration need not be open: the child is
 * gone either way. Without a base URL for links, promotions happen but no email is queued.
 */
export async function withdrawEntriesOfDeletedChild(
  tx: DB,
  entryIds: number[],
  baseUrl: string | null,
): Promise<{ withdrawn: number[]; promoted: number[] }> {
  const done = { withdrawn: [] as number[], promoted: [] as number[] };
  if (entryIds.length === 0) return done;
  const entries = await tx
    .selectFrom("entries")
    .select(["id", "event_id", "nomination_id"])
    .where("id", "in", entryIds)
    .where("status", "in", OPEN_STATUSES)
    .orderBy("event_id")
    .orderBy("nomination_id")
    .orderBy("id")
    .execute();
  for (const eventId of [...new Set(entries.map((e) => e.event_id))]) {
    const event = (await lockEvent(tx, eventId))!;
    const own = entries.filter((e) => e.event_id === eventId);
    const nominationIds = [...new Set(own.map((e) => e.nomination_id))];
    for (const nominationId of nominationIds) await lockNomination(tx, eventId, nominationId);
    for (const e of own) {
      const { status } = await tx
        .selectFrom("entries")
        .select("status")
        .where("id", "=", e.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!isOpen(status)) continue;
      await closeEntry(tx, e.id, "withdrawn", "child deleted");
      done.withdrawn.push(e.id);
    }
    for (const nominationId of nominationIds)
      done.promoted.push(...(await fillFreePlaces(tx, event, nominationId, baseUrl)));
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// Editing

/** What may change until registration closes. Members, nomination and format are fixed: withdraw and enter again. */
export interface EntryChanges {
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
}

export type UpdateEntryResult =
  | { ok: true; changed: boolean }
  /** missing: not an entry this user may change; closed: withdrawn or rejected; too_late: registration has closed. */
  | { ok: false; refused: "missing" | "closed" | "too_late" }
  | { ok: false; problems: Problem[] };

/** The problems an edit can cause; the rest of eligibility concerns what an edit cannot change. */
const PIECE_PROBLEMS: ReadonlySet<string> = new Set([
  "duration_required",
  "duration_too_long",
  "video_url_required",
  "video_url_invalid",
]);

/**
 * A family (or the club leader who submitted it) changes an entry's title, duration or video link
 * while registration is open. The nomination's rules for these are checked again, against its
 * current maximum; the entry keeps its place and its position on the wait-list. Takes the same
 * locks as withdrawing, in the same order. A club leader's change is audited; a family's is not.
 */
export async function updateEntry(
  db: DB,
  who: { userId: number; email: string },
  entryId: number,
  changes: EntryChanges,
  now: Date = new Date(),
): Promise<UpdateEntryResult> {
  return withRetries(() =>
    db.transaction().execute(async (tx): Promise<UpdateEntryResult> => {
      const entry = await tx
        .selectFrom("entries")
        .select(["id", "event_id", "nomination_id"])
        .where("id", "=", entryId)
        .where((eb) => mayWithdraw(eb, who.userId))
        .executeTakeFirst();
      if (!entry) return { ok: false, refused: "missing" };
      const event = (await lockEvent(tx, entry.event_id))!;
      const nomination = (await lockNomination(tx, entry.event_id, entry.nomination_id))!;
      const before = await tx
        .selectFrom("entries")
        .select(["status", "format", "title", "duration_seconds", "video_url", "artwork_file"])
        .where("id", "=", entryId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!isOpen(before.status)) return { ok: false, refused: "closed" };
      if (!registrationOpen(event, now)) return { ok: false, refused: "too_late" };

      const after = {
        title: changes.title.trim(),
        duration_seconds: changes.durationSeconds && changes.durationSeconds > 0 ? changes.durationSeconds : null,
        video_url: changes.videoUrl?.trim() || null,
      };
      const members = await tx
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select(["participants.id", "participants.birth_date", "participants.guardian_user_id"])
        .where("entry_members.entry_id", "=", entryId)
        .execute();
      const dated = members.filter((m) => m.birth_date !== null);
      const { problems } = await entryProblems(
        tx,
        event,
        nomination,
        dated,
        {
          eventId: event.id,
          nominationId: nomination.id,
          format: before.format,
          memberIds: dated.map((m) => m.id),
          title: after.title,
          durationSeconds: after.duration_seconds,
          videoUrl: after.video_url,
          artworkFile: before.artwork_file,
          idempotencyKey: "",
        },
        now,
      );
      const refused = problems.filter((p): p is Problem => PIECE_PROBLEMS.has(p.code));
      if (refused.length > 0) return { ok: false, problems: refused };

      const unchanged =
        after.title === before.title &&
        after.duration_seconds === before.duration_seconds &&
        after.video_url === before.video_url;
      if (unchanged) return { ok: true, changed: false };
      await tx
        .updateTable("entries")
        .set({ ...after, updated_at: sql`now()` })
        .where("id", "=", entryId)
        .execute();
      if (!members.some((m) => m.guardian_user_id === who.userId)) {
        const { title, duration_seconds, video_url } = before;
        await audit(
          tx,
          { id: who.userId, email: who.email },
          {
            action: "entry.update",
            entityType: "entry",
            entityId: entryId,
            eventId: event.id,
            before: { title, duration_seconds, video_url },
            after,
          },
        );
      }
      return { ok: true, changed: true };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The family's page

export interface FamilyEntry {
  id: number;
  reference: string;
  status: EntryStatus;
  statusReason: string | null;
  eventId: number;
  eventSlug: string;
  eventTitle: string;
  eventTimezone: string;
  registrationClosesAt: Date | null;
  nominationId: number;
  nominationName: string;
  entryKind: EntryKind;
  maxDurationSeconds: number | null;
  format: PerformanceFormat;
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
  /** "Last First" for the family's own children; other members (a club's ensemble) as their public name. */
  memberNames: string[];
  waitlistPosition: number | null;
  canWithdraw: boolean;
  /** Title, duration and video link can change in the same window as withdrawing (see updateEntry). */
  canEdit: boolean;
  submittedAt: Date;
}

/** Every entry any of the guardian's children is in, newest first. */
export async function listFamilyEntries(
  db: DB,
  guardianId: number,
  locale: Locale,
  now: Date = new Date(),
): Promise<FamilyEntry[]> {
  const rows = await db
    .selectFrom("entries")
    .innerJoin("events", "events.id", "entries.event_id")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .select([
      "entries.id",
      "entries.reference",
      "entries.status",
      "entries.status_reason",
      "entries.format",
      "entries.title",
      "entries.duration_seconds",
      "entries.video_url",
      "entries.created_at",
      "entries.nomination_id",
      "events.id as event_id",
      "events.slug",
      "events.status as event_status",
      "events.timezone",
      "events.title_kk",
      "events.title_ru",
      "events.title_en",
      "events.registration_opens_at",
      "events.registration_closes_at",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "nominations.entry_kind",
      "nominations.max_duration_seconds",
    ])
    .where("entries.id", "in", (eb) =>
      eb
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select("entry_members.entry_id")
        .where("participants.guardian_user_id", "=", guardianId),
    )
    .orderBy("entries.created_at", "desc")
    .orderBy("entries.id", "desc")
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);

  const members = await db
    .selectFrom("entry_members")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .select([
      "entry_members.entry_id",
      "participants.first_name",
      "participants.last_name",
      "participants.public_name",
      "participants.guardian_user_id",
    ])
    .where("entry_members.entry_id", "in", ids)
    .orderBy("participants.last_name")
    .orderBy("participants.first_name")
    .execute();
  const positions = await db
    .selectFrom("entries as e")
    .innerJoin("entries as w", (join) =>
      join.onRef("w.nomination_id", "=", "e.nomination_id").on("w.status", "=", "waitlisted"),
    )
    .select(["e.id"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("e.id", "in", ids)
    .where("e.status", "=", "waitlisted")
    .where(sql<boolean>`(w.queued_at, w.id) <= (e.queued_at, e.id)`)
    .groupBy("e.id")
    .execute();
  const positionOf = new Map(positions.map((p) => [p.id, Number(p.n)]));

  return rows.map((r) => {
    const window = {
      status: r.event_status,
      registrationOpensAt: r.registration_opens_at,
      registrationClosesAt: r.registration_closes_at,
    };
    const changeable = isOpen(r.status) && registrationState(window, now) === "open";
    return {
      id: r.id,
      reference: r.reference,
      status: r.status,
      statusReason: r.status_reason,
      eventId: r.event_id,
      eventSlug: r.slug,
      eventTitle: localized(r, "title", locale),
      eventTimezone: r.timezone,
      registrationClosesAt: r.registration_closes_at,
      nominationId: r.nomination_id,
      nominationName: localized(r, "name", locale),
      entryKind: r.entry_kind,
      maxDurationSeconds: r.max_duration_seconds,
      format: r.format,
      title: r.title,
      durationSeconds: r.duration_seconds,
      videoUrl: r.video_url,
      memberNames: members
        .filter((m) => m.entry_id === r.id && (m.first_name || m.last_name))
        .map((m) =>
          m.guardian_user_id === guardianId || m.public_name === "full"
            ? `${m.last_name} ${m.first_name}`
            : `${m.first_name} ${m.last_name.slice(0, 1)}.`,
        ),
      waitlistPosition: positionOf.get(r.id) ?? null,
      canWithdraw: changeable,
      canEdit: changeable,
      submittedAt: r.created_at,
    };
  });
}
