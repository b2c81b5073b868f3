import { ageOnDate } from "~/domain/age";

import type { DB } from "../platform/db.server";
import { academyEntryIds } from "./academy-settings.server";

/*
 * The academy's participants are its finalists: the children of the entries in the academy round
 * (academyEntryIds; every confirmed entry when the event has no rounds). Each may rank the event's
 * classes (their wishes).
 */

/** The finalists, with their age on the event's reference date. */
export async function academyParticipants(
  db: DB,
  event: { id: number; starts_on: string; age_reference_date: string | null },
) {
  const entryIds = await academyEntryIds(db, event.id);
  if (entryIds?.length === 0) return [];
  const rows = await db
    .selectFrom("participants as p")
    .select(["p.id", "p.last_name", "p.first_name", "p.birth_date", "p.guardian_user_id", "p.club_id"])
    .where("p.anonymised_at", "is", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry_members as m")
          .innerJoin("entries as e", "e.id", "m.entry_id")
          .select("m.entry_id")
          .whereRef("m.participant_id", "=", "p.id")
          .where("m.active", "=", true)
          .where("e.event_id", "=", event.id)
          .where("e.status", "=", "confirmed")
          .$if(entryIds !== null, (q) => q.where("e.id", "in", entryIds!)),
      ),
    )
    .orderBy("p.id")
    .execute();
  const onDate = String(event.age_reference_date ?? event.starts_on);
  return rows.map((r) => ({
    id: r.id,
    name: `${r.last_name} ${r.first_name}`.trim(),
    guardianId: r.guardian_user_id,
    clubId: r.club_id,
    // A child without a birth date can't be placed by age: the allocator then lets the class's limits decide (age 0 fits none with a minimum).
    age: r.birth_date && String(r.birth_date) <= onDate ? ageOnDate(String(r.birth_date), onDate) : 0,
  }));
}

export async function preferencesOf(db: DB, eventId: number) {
  return db
    .selectFrom("master_class_preferences as pr")
    .innerJoin("master_classes as c", "c.id", "pr.master_class_id")
    .select(["pr.participant_id", "pr.master_class_id", "pr.rank"])
    .where("c.event_id", "=", eventId)
    .orderBy("pr.participant_id")
    .orderBy("pr.rank")
    .execute();
}
