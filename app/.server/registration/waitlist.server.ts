import { sql } from "kysely";

import type { DB } from "../platform/db.server";
import { notify } from "./entry-emails.server";

/*
 * Places, locks and the wait-list: what submitting, withdrawing, editing and deciding entries
 * share, and the one place where waiting entries are promoted (fillFreePlaces). Capacity is kept by
 * the database, never by a check in JS followed by a separate write. `nomination_places` holds each
 * nomination's confirmed count, moved by a trigger on `entries` whatever writes them; its row is the
 * nomination's capacity lock:
 * - a submission does all its reading and writing first, then decides its place with one statement
 *   that locks that row and reads the latest count (takePlace), and commits: the lock is held for
 *   that statement, the emails' insert and the commit, not for the whole request;
 * - withdrawals, rejections and approvals lock the nomination and that row first (lockNomination),
 *   then free places and promote the wait-list under it.
 * When the event has a capacity of its own, every change to its places is serialised event-wide
 * (the event row's lock, then a count), as before.
 *
 * Locks are always taken in one order: the children's rows, the event, its nominations (by id), their
 * places rows, the entries. deleteChild starts from the child too, so no two of these transactions
 * wait on each other in a circle.
 */

export { isOpen, OPEN_STATUSES } from "~/domain/entry-statuses";

/** What registration reads of an event: its titles, dates, time zone, capacity and registration window. */
export const eventColumns = [
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
  "one_entry_per_nomination",
] as const;

export type LockedEvent = NonNullable<Awaited<ReturnType<typeof lockEvent>>>;
export type LockedNomination = NonNullable<Awaited<ReturnType<typeof lockNomination>>>;

/**
 * Reads the event and holds it still for the transaction: FOR KEY SHARE keeps the organiser's edit
 * (which takes FOR UPDATE) from changing the capacity underneath, without making submissions to
 * different nominations wait for each other.
 */
export function readEvent(tx: DB, eventId: number) {
  return tx.selectFrom("events").select(eventColumns).where("id", "=", eventId).forKeyShare().executeTakeFirst();
}

/**
 * readEvent, and when the event has a capacity, the event-wide lock every change to its places
 * needs: FOR NO KEY UPDATE does not conflict with the KEY SHARE other transactions hold, so raising
 * it cannot deadlock.
 */
export async function lockEvent(tx: DB, eventId: number) {
  const event = await readEvent(tx, eventId);
  if (event?.capacity != null) await raiseEventLock(tx, eventId);
  return event;
}

async function raiseEventLock(tx: DB, eventId: number): Promise<void> {
  await tx.selectFrom("events").select("id").where("id", "=", eventId).forNoKeyUpdate().execute();
}

const nominationColumns = [
  "id",
  "name_kk",
  "name_ru",
  "name_en",
  "entry_kind",
  "max_duration_seconds",
  "capacity",
] as const;

/** The nomination, held still (its capacity too) for the transaction without locking out others. */
export function readNomination(tx: DB, eventId: number, nominationId: number) {
  return tx
    .selectFrom("nominations")
    .select(nominationColumns)
    .where("id", "=", nominationId)
    .where("event_id", "=", eventId)
    .forKeyShare()
    .executeTakeFirst();
}

/**
 * The nomination with its capacity lock: its row (FOR NO KEY UPDATE, which leaves submissions'
 * KEY SHARE alone) and its places row, so no submission decides a place until this commits.
 */
export async function lockNomination(tx: DB, eventId: number, nominationId: number) {
  const nomination = await tx
    .selectFrom("nominations")
    .select(nominationColumns)
    .where("id", "=", nominationId)
    .where("event_id", "=", eventId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (nomination) await lockPlaces(tx, nomination.id);
  return nomination;
}

/**
 * Locks a nomination's places row (made on first use) and answers the latest confirmed count: an
 * upsert waits for the row's lock and then reads the row as committed, not as of the statement's
 * snapshot.
 */
const placesRow = (nominationId: number) => sql<{ confirmed: number }>`
  insert into nomination_places as p (nomination_id) values (${nominationId})
  on conflict (nomination_id) do update set confirmed = p.confirmed
  returning p.confirmed`;

async function lockPlaces(tx: DB, nominationId: number): Promise<void> {
  await placesRow(nominationId).execute(tx);
}

/**
 * Decides a new entry's place (it was written with status 'submitted') in one statement: locks the
 * nomination's places row, reads the latest count, and confirms the entry while a place is free and
 * nobody waits, or wait-lists it when the nomination is full; its queued_at is stamped there, under
 * the lock, so the wait-list's order is the order places were decided. Null when a place is free
 * while others wait (a raised capacity): the entry is left as it was for settlePlace, with the lock
 * held. Only for events without a capacity of their own.
 */
export async function takePlace(
  tx: DB,
  nomination: { id: number; capacity: number | null },
  entryId: number,
): Promise<"confirmed" | "waitlisted" | null> {
  const capacity = nomination.capacity;
  const free = sql<boolean>`(${capacity}::int is null or (select confirmed from seat) < ${capacity}::int)`;
  const waiting = sql<boolean>`exists (select 1 from entries w where w.nomination_id = ${nomination.id} and w.status = 'waitlisted')`;
  const { rows } = await sql<{ status: string }>`
    with seat as (${placesRow(nomination.id)})
    update entries set
      status = case when not ${free} then 'waitlisted' when not ${waiting} then 'confirmed' else status end,
      queued_at = clock_timestamp()
    where id = ${entryId}
    returning status`.execute(tx);
  const status = rows[0]?.status;
  return status === "confirmed" || status === "waitlisted" ? status : null;
}

/**
 * The long way to a new entry's place: the event's lock when it has a capacity, the nomination's,
 * free places given to the wait-list first, then the entry confirmed if a place is left.
 */
export async function settlePlace(
  tx: DB,
  event: LockedEvent,
  nomination: { id: number; capacity: number | null },
  entryId: number,
  baseUrl: string,
): Promise<"confirmed" | "waitlisted"> {
  if (event.capacity !== null) await raiseEventLock(tx, event.id);
  await lockPlaces(tx, nomination.id);
  await fillFreePlaces(tx, event, nomination.id, baseUrl);
  const status = (await hasFreePlace(tx, event, nomination)) ? "confirmed" : "waitlisted";
  await tx
    .updateTable("entries")
    .set({ status, queued_at: sql`clock_timestamp()` })
    .where("id", "=", entryId)
    .execute();
  return status;
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

export async function hasFreePlace(
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
export async function fillFreePlaces(
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
export async function closeEntry(
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
  return (await waitlistPositions(db, [entryId])).get(entryId) ?? null;
}

/** The wait-list position of each of `entryIds` that is waiting; the others are left out. */
export async function waitlistPositions(db: DB, entryIds: number[]): Promise<Map<number, number>> {
  if (entryIds.length === 0) return new Map();
  // Compared in SQL: queued_at has microseconds, a JS Date only milliseconds.
  const rows = await db
    .selectFrom("entries as e")
    .innerJoin("entries as w", (join) =>
      join.onRef("w.nomination_id", "=", "e.nomination_id").on("w.status", "=", "waitlisted"),
    )
    .select(["e.id"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("e.id", "in", entryIds)
    .where("e.status", "=", "waitlisted")
    .where(sql<boolean>`(w.queued_at, w.id) <= (e.queued_at, e.id)`)
    .groupBy("e.id")
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export const pgError = (err: unknown) => (err ?? {}) as { code?: string; constraint?: string };
/** Deadlocks and serialisation failures: the whole transaction may simply run again. */
export const isRetryable = (err: unknown) => pgError(err).code === "40P01" || pgError(err).code === "40001";
export const MAX_ATTEMPTS = 4;

/** Runs a transaction again after a deadlock or serialisation failure, a few times at most. */
export async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && isRetryable(err)) continue;
      throw err;
    }
  }
}
