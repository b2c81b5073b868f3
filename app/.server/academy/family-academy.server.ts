import { type Locale, localized } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import type { Owner } from "../registration/children.server";
import { academyParticipants, preferencesOf } from "./academy-participants.server";
import { academyEvent, listMasterClasses } from "./master-classes.server";

/* A family's side of the academy: the classes, and each child's ranked wishes and places. */

export type SavePreferencesResult = "saved" | "missing" | "unknown_class";

/**
 * Replaces one child's ranked wishes for the event's classes (first = rank 1), in one transaction.
 * "missing" when the child is not the guardian's own or has no confirmed entry in the event: the
 * caller answers 404, so another family's child is indistinguishable from no child at all.
 */
export async function savePreferences(
  db: DB,
  owner: Owner,
  input: { eventId: number; childId: number; classIds: number[] },
): Promise<SavePreferencesResult> {
  return db.transaction().execute(async (tx) => {
    // SHARE waits for a running allocation (which holds NO KEY UPDATE) and lets other families save alongside.
    const event = await tx
      .selectFrom("events")
      .select(["id", "starts_on", "age_reference_date"])
      .where("id", "=", input.eventId)
      .forShare()
      .executeTakeFirst();
    if (!event) return "missing";
    const child = (await academyParticipants(tx, event)).find(
      (p) => p.id === input.childId && p.guardianId === owner.guardianId,
    );
    if (!child) return "missing";
    const classIds = (
      await tx.selectFrom("master_classes").select("id").where("event_id", "=", input.eventId).execute()
    ).map((c) => c.id);
    if (input.classIds.some((id) => !classIds.includes(id)) || new Set(input.classIds).size !== input.classIds.length)
      return "unknown_class";
    if (classIds.length) {
      await tx
        .deleteFrom("master_class_preferences")
        .where("participant_id", "=", child.id)
        .where("master_class_id", "in", classIds)
        .execute();
    }
    if (input.classIds.length) {
      await tx
        .insertInto("master_class_preferences")
        .values(input.classIds.map((id, i) => ({ master_class_id: id, participant_id: child.id, rank: i + 1 })))
        .execute();
    }
    return "saved";
  });
}

/**
 * A guardian's view of an academy: its classes, and each of their own children with a confirmed
 * entry, with the child's wishes and allocated classes. Undefined for an unknown or draft event.
 */
export async function familyAcademy(db: DB, owner: Owner, slug: string) {
  const found = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", slug)
    .where("status", "!=", "draft")
    .executeTakeFirst();
  if (!found) return undefined;
  const event = (await academyEvent(db, found.id))!;
  const classes = await listMasterClasses(db, event.id);
  const children = (await academyParticipants(db, event)).filter((p) => p.guardianId === owner.guardianId);
  const preferences = await preferencesOf(db, event.id);
  return {
    event,
    classes: classes.map(({ enrolled, ...c }) => ({ ...c, taken: enrolled.length })),
    children: children.map((child) => ({
      id: child.id,
      name: child.name,
      age: child.age,
      ranks: preferences.filter((p) => p.participant_id === child.id).map((p) => p.master_class_id),
      allocated: classes.filter((c) => c.enrolled.some((e) => e.participantId === child.id)).map((c) => c.id),
    })),
  };
}

/** The family's academy page, titles in the reader's language; undefined for an unknown or draft event. */
export async function familyAcademyPage(db: DB, owner: Owner, slug: string, locale: Locale) {
  const page = await familyAcademy(db, owner, slug);
  if (!page) return undefined;
  return {
    locale,
    event: { slug: page.event.slug, title: localized(page.event, "title", locale), timezone: page.event.timezone },
    classes: page.classes.map((c) => ({
      id: c.id,
      title: localized(c, "title", locale),
      teacher: c.teacher,
      room: c.room,
      sessions: c.sessions,
    })),
    allocated: page.classes.some((c) => c.taken > 0),
    children: page.children,
  };
}
