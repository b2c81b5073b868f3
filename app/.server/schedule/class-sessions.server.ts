import { type Locale, localized, localizedLang } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { fullName } from "./public-names.server";

/*
 * An academy's master classes have no versions of their own: the programme shows every class
 * session of a visible event, and a family's schedule its children's places once the organiser has
 * allocated them (the enrolments exist) and the event is published. Who else is in a class is
 * never shown.
 */

/** One session of a master class. */
export interface ClassSessionView {
  kind: "class";
  classId: number;
  sessionId: number;
  /** The session's place among its class's sessions, by start (with the class, its calendar UID). */
  number: number;
  startsAt: string;
  endsAt: string;
  title: string;
  titleLang: Locale;
  teacher: string;
  room: string;
  ages: { min: number | null; max: number | null } | null;
}

/** Every session of the events' master classes, in time order, each numbered within its class. */
export async function classSessionRows(db: DB, eventIds: number[]) {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom("master_class_sessions as s")
    .innerJoin("master_classes as c", "c.id", "s.master_class_id")
    .innerJoin("events as ev", "ev.id", "c.event_id")
    .select([
      "s.id as session_id",
      "s.starts_at",
      "s.ends_at",
      "c.id as class_id",
      "c.title_kk",
      "c.title_ru",
      "c.title_en",
      "c.teacher",
      "c.room",
      "c.min_age",
      "c.max_age",
      "ev.id as event_id",
      "ev.slug as event_slug",
      "ev.timezone",
      "ev.title_kk as event_title_kk",
      "ev.title_ru as event_title_ru",
      "ev.title_en as event_title_en",
      "ev.venue_kk",
      "ev.venue_ru",
      "ev.venue_en",
    ])
    .where("c.event_id", "in", eventIds)
    .orderBy("s.starts_at")
    .orderBy("c.id")
    .orderBy("s.id")
    .execute();
  const counted = new Map<number, number>();
  return rows.map((r) => {
    const number = (counted.get(r.class_id) ?? 0) + 1;
    counted.set(r.class_id, number);
    return { ...r, number };
  });
}
export type ClassRow = Awaited<ReturnType<typeof classSessionRows>>[number];

export function classSessionOf(row: ClassRow, locale: Locale): ClassSessionView {
  return {
    kind: "class",
    classId: row.class_id,
    sessionId: row.session_id,
    number: row.number,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    title: localized(row, "title", locale),
    titleLang: localizedLang(row, "title", locale),
    teacher: row.teacher,
    room: row.room,
    ages: row.min_age === null && row.max_age === null ? null : { min: row.min_age, max: row.max_age },
  };
}

export const eventTitleOf = (row: ClassRow) => ({
  title_kk: row.event_title_kk,
  title_ru: row.event_title_ru,
  title_en: row.event_title_en,
});

/**
 * The classes the guardian's children have places in, in published events, by class: whole names
 * of the family's own children only. A child whose entry is no longer confirmed is no longer a
 * participant of the academy and drops out, as on the family's classes page.
 */
async function familyEnrolments(db: DB, guardianId: number): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom("master_class_enrolments as en")
    .innerJoin("participants as p", "p.id", "en.participant_id")
    .innerJoin("master_classes as c", "c.id", "en.master_class_id")
    .innerJoin("events as ev", "ev.id", "c.event_id")
    .select(["en.master_class_id", "p.first_name", "p.last_name", "p.public_name", "p.anonymised_at"])
    .where("p.guardian_user_id", "=", guardianId)
    .where("p.anonymised_at", "is", null)
    .where("ev.status", "=", "published")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry_members as m")
          .innerJoin("entries as e", "e.id", "m.entry_id")
          .select("m.entry_id")
          .whereRef("m.participant_id", "=", "p.id")
          .whereRef("e.event_id", "=", "c.event_id")
          .where("m.active", "=", true)
          .where("e.status", "=", "confirmed"),
      ),
    )
    .orderBy("p.last_name")
    .orderBy("p.first_name")
    .orderBy("p.id")
    .execute();
  const byClass = new Map<number, string[]>();
  for (const r of rows) {
    const name = fullName(r);
    if (name) byClass.set(r.master_class_id, [...(byClass.get(r.master_class_id) ?? []), name]);
  }
  return byClass;
}

export async function familyClassRows(db: DB, guardianId: number) {
  const children = await familyEnrolments(db, guardianId);
  if (children.size === 0) return [];
  const events = await db
    .selectFrom("master_classes")
    .select("event_id")
    .distinct()
    .where("id", "in", [...children.keys()])
    .execute();
  const rows = await classSessionRows(
    db,
    events.map((e) => e.event_id),
  );
  return rows.filter((r) => children.has(r.class_id)).map((r) => ({ ...r, children: children.get(r.class_id)! }));
}

/** Does the event have master class sessions to show? */
export async function hasClassSessions(db: DB, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom("master_class_sessions as s")
    .innerJoin("master_classes as c", "c.id", "s.master_class_id")
    .select("s.id")
    .where("c.event_id", "=", eventId)
    .executeTakeFirst();
  return Boolean(row);
}
