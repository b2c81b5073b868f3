import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

import { zonedLocalToInstant } from "~/domain/time";
import type { MasterClassData, MasterClassFormValues } from "~/schemas/academy";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";

/* The Art Academy's catalogue: the organiser's master classes and their sessions. */

const classColumns = [
  "id",
  "title_kk",
  "title_ru",
  "title_en",
  "teacher",
  "room",
  "capacity",
  "min_age",
  "max_age",
] as const;

export async function academyEvent(db: DB, eventId: number) {
  return db
    .selectFrom("events")
    .select([
      "id",
      "slug",
      "kind",
      "status",
      "timezone",
      "starts_on",
      "age_reference_date",
      "title_kk",
      "title_ru",
      "title_en",
    ])
    .where("id", "=", eventId)
    .executeTakeFirst();
}

/** Every class of the event in id order, with its sessions (by start) and enrolled participants. */
export async function listMasterClasses(db: DB, eventId: number) {
  const classes = await db
    .selectFrom("master_classes")
    .select(classColumns)
    .where("event_id", "=", eventId)
    .orderBy("id")
    .execute();
  const ids = classes.map((c) => c.id);
  const sessions = ids.length
    ? await db
        .selectFrom("master_class_sessions")
        .select(["id", "master_class_id", "starts_at", "ends_at"])
        .where("master_class_id", "in", ids)
        .orderBy("starts_at")
        .orderBy("id")
        .execute()
    : [];
  const enrolled = ids.length
    ? await db
        .selectFrom("master_class_enrolments as e")
        .innerJoin("participants as p", "p.id", "e.participant_id")
        .select(["e.master_class_id", "e.participant_id", "e.via_rank", "p.last_name", "p.first_name"])
        .where("e.master_class_id", "in", ids)
        .orderBy("p.last_name")
        .orderBy("p.first_name")
        .orderBy("p.id")
        .execute()
    : [];
  return classes.map((c) => ({
    ...c,
    sessions: sessions
      .filter((s) => s.master_class_id === c.id)
      .map((s) => ({ startsAt: new Date(s.starts_at), endsAt: new Date(s.ends_at) })),
    enrolled: enrolled
      .filter((e) => e.master_class_id === c.id)
      .map((e) => ({
        participantId: e.participant_id,
        name: `${e.last_name} ${e.first_name}`.trim(),
        viaRank: e.via_rank,
      })),
  }));
}

export type ListedMasterClass = Awaited<ReturnType<typeof listMasterClasses>>[number];

/** A class of this event as its edit form holds it (dates and times in the event's timezone), or undefined. */
export async function masterClassFormValues(
  db: DB,
  eventId: number,
  classId: number,
): Promise<MasterClassFormValues | undefined> {
  const event = await academyEvent(db, eventId);
  const c = (await listMasterClasses(db, eventId)).find((x) => x.id === classId);
  if (!event || !c) return undefined;
  const local = (d: Date, pattern: string) => format(new TZDate(d.getTime(), event.timezone), pattern);
  return {
    titleKk: c.title_kk,
    titleRu: c.title_ru,
    titleEn: c.title_en,
    teacher: c.teacher,
    room: c.room,
    capacity: String(c.capacity),
    minAge: c.min_age === null ? "" : String(c.min_age),
    maxAge: c.max_age === null ? "" : String(c.max_age),
    sessions: c.sessions.map((s) => ({
      date: local(s.startsAt, "yyyy-MM-dd"),
      from: local(s.startsAt, "HH:mm"),
      to: local(s.endsAt, "HH:mm"),
    })),
  };
}

/**
 * Creates the class (classId null) or replaces its fields and sessions, in one transaction.
 * Returns the class id, or null when the class is not this event's.
 */
export async function saveMasterClass(
  db: DB,
  eventId: number,
  classId: number | null,
  data: MasterClassData,
  actor: Actor,
): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    const event = await academyEvent(tx, eventId);
    if (!event) return null;
    const fields = {
      title_kk: data.titleKk,
      title_ru: data.titleRu,
      title_en: data.titleEn,
      teacher: data.teacher,
      room: data.room,
      capacity: data.capacity,
      min_age: data.minAge ?? null,
      max_age: data.maxAge ?? null,
    };
    let id: number;
    if (classId === null) {
      id = (
        await tx
          .insertInto("master_classes")
          .values({ ...fields, event_id: eventId })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      const updated = await tx
        .updateTable("master_classes")
        .set(fields)
        .where("id", "=", classId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return null;
      id = classId;
      await tx.deleteFrom("master_class_sessions").where("master_class_id", "=", id).execute();
    }
    const sessions = data.sessions.map((s) => ({
      master_class_id: id,
      starts_at: zonedLocalToInstant(`${s.date}T${s.from}`, event.timezone)!,
      ends_at: zonedLocalToInstant(`${s.date}T${s.to}`, event.timezone)!,
    }));
    if (sessions.length) await tx.insertInto("master_class_sessions").values(sessions).execute();
    await audit(tx, actor, {
      action: classId === null ? "academy.class_create" : "academy.class_update",
      entityType: "event",
      entityId: eventId,
      eventId,
      after: { classId: id, ...fields, sessions: data.sessions },
    });
    return id;
  });
}

/** Removes a class with its sessions, wishes and enrolments; false when it is not this event's. */
export async function deleteMasterClass(db: DB, eventId: number, classId: number, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const deleted = await tx
      .deleteFrom("master_classes")
      .where("id", "=", classId)
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) return false;
    await audit(tx, actor, {
      action: "academy.class_delete",
      entityType: "event",
      entityId: eventId,
      eventId,
      after: { classId },
    });
    return true;
  });
}
