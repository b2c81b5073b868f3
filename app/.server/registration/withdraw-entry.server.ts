import { type ExpressionBuilder, sql } from "kysely";

import type { Database } from "#db/types";

import type { DB } from "../platform/db.server";
import { notify } from "./entry-emails.server";
import { registrationOpen } from "./registration-window.server";
import {
  closeEntry,
  fillFreePlaces,
  isOpen,
  lockEvent,
  lockNomination,
  OPEN_STATUSES,
  withRetries,
} from "./waitlist.server";

/** Who may withdraw: the guardian of a member child, or whoever submitted the entry (a club leader). */
export function mayWithdraw(eb: ExpressionBuilder<Database, "entries">, userId: number) {
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

/**
 * The entry, if this user may withdraw or change it, with its event and nomination locked: the
 * locks every change to an entry takes, in the same order.
 */
export async function lockFamilyEntry(tx: DB, userId: number, entryId: number) {
  const entry = await tx
    .selectFrom("entries")
    .select(["id", "event_id", "nomination_id"])
    .where("id", "=", entryId)
    .where((eb) => mayWithdraw(eb, userId))
    .executeTakeFirst();
  if (!entry) return null;
  const event = (await lockEvent(tx, entry.event_id))!;
  const nomination = (await lockNomination(tx, entry.event_id, entry.nomination_id))!;
  return { entry, event, nomination };
}

/**
 * A family (or the submitting club leader) withdraws an entry while registration is open and no
 * results naming it are published; the family is emailed that it is withdrawn. A freed
 * place goes to the head of the wait-list in the same transaction, and that family is emailed.
 * Withdrawing an entry already withdrawn answers "withdrawn" again (a repeated click).
 */
export async function withdrawEntry(
  db: DB,
  who: { userId: number; email: string },
  entryId: number,
  baseUrl: string,
  now: Date = new Date(),
): Promise<"withdrawn" | "missing" | "too_late" | "results_published"> {
  return withRetries(() =>
    db.transaction().execute(async (tx) => {
      const locked = await lockFamilyEntry(tx, who.userId, entryId);
      if (!locked) return "missing";
      const { entry, event } = locked;
      const { status } = await tx
        .selectFrom("entries")
        .select("status")
        .where("id", "=", entryId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (status === "withdrawn") return "withdrawn";
      if (!isOpen(status)) return "missing";
      if (await resultsPublishedFor(tx, entryId)) return "results_published";
      if (!registrationOpen(event, now)) return "too_late";
      await closeEntry(tx, entryId, "withdrawn", null);
      await notify(tx, entryId, "entry_withdrawn", baseUrl, { to: "family" });
      await fillFreePlaces(tx, event, entry.nomination_id, baseUrl);
      return "withdrawn";
    }),
  );
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

/** Whether results naming this entry have been published: from then on it is part of the record. */
export async function resultsPublishedFor(db: DB, entryId: number): Promise<boolean> {
  const row = await db
    .selectFrom("results")
    .innerJoin("result_sections", "result_sections.id", "results.section_id")
    .select("results.entry_id")
    .where("results.entry_id", "=", entryId)
    .where("result_sections.published_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which email tells a family about an entry in this status. */
const EMAIL_FOR_STATUS: Record<string, readonly string[]> = {
  confirmed: ["entry_confirmed", "entry_promoted"],
  waitlisted: ["entry_waitlisted"],
  withdrawn: ["entry_withdrawn"],
  rejected: ["entry_rejected"],
};

/** Whether this user was emailed about the entry's present status: the page says so only then. */
export async function emailedAboutStatus(db: DB, userId: number, reference: string, status: string): Promise<boolean> {
  const templates = EMAIL_FOR_STATUS[status] ?? [];
  if (templates.length === 0) return false;
  const row = await db
    .selectFrom("outbox")
    .select("id")
    .where("user_id", "=", userId)
    .where("template", "in", templates)
    .where(sql<string>`params->>'reference'`, "=", reference)
    .executeTakeFirst();
  return row !== undefined;
}
