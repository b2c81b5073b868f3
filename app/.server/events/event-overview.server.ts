import { sql } from "kysely";

import type { EntryStatus } from "#db/types";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import { type EventProgress, nextSteps } from "~/domain/event-overview";
import { registrationState } from "~/domain/event-state";

import type { DB } from "../platform/db.server";

const count = (v: unknown) => Number(v ?? 0);

/**
 * The organiser's overview of one event: its dates and deadlines, entries by status, places taken
 * per nomination, and the next steps. Counts only: no child's name or data.
 */
export async function eventOverview(db: DB, eventId: number, now = new Date()) {
  const event = await db
    .selectFrom("events")
    .select([
      "id",
      "slug",
      "kind",
      "status",
      "title_kk",
      "title_ru",
      "title_en",
      "city",
      "timezone",
      "starts_on",
      "ends_on",
      "registration_opens_at",
      "registration_closes_at",
      "age_reference_date",
      "capacity",
    ])
    .where("id", "=", eventId)
    .executeTakeFirst();
  if (!event) return undefined;
  const [nominations, byStatus, ageGroups, rounds, judges, scheduled, sections] = await Promise.all([
    db
      .selectFrom("nominations as n")
      .leftJoin("entries as e", (j) =>
        j.onRef("e.nomination_id", "=", "n.id").on("e.status", "in", ["confirmed", "waitlisted"]),
      )
      .select([
        "n.id",
        "n.name_kk",
        "n.name_ru",
        "n.name_en",
        "n.capacity",
        sql<string>`count(e.id) filter (where e.status = 'confirmed')`.as("taken"),
        sql<string>`count(e.id) filter (where e.status = 'waitlisted')`.as("waiting"),
      ])
      .where("n.event_id", "=", eventId)
      .groupBy(["n.id", "n.name_kk", "n.name_ru", "n.name_en", "n.capacity", "n.position"])
      .orderBy("n.position")
      .orderBy("n.id")
      .execute(),
    db
      .selectFrom("entries")
      .select(["status", sql<string>`count(*)`.as("n")])
      .where("event_id", "=", eventId)
      .groupBy("status")
      .execute(),
    db
      .selectFrom("age_groups")
      .select(sql<string>`count(*)`.as("n"))
      .where("event_id", "=", eventId)
      .executeTakeFirst(),
    db
      .selectFrom("rounds")
      .select(sql<string>`count(*)`.as("n"))
      .where("event_id", "=", eventId)
      .executeTakeFirst(),
    db
      .selectFrom("jury_assignments as j")
      .innerJoin("rounds as r", "r.id", "j.round_id")
      .select(sql<string>`count(distinct j.user_id)`.as("n"))
      .where("r.event_id", "=", eventId)
      .executeTakeFirst(),
    db
      .selectFrom("schedule_versions as v")
      .innerJoin("rounds as r", "r.id", "v.round_id")
      .select(sql<string>`count(distinct v.round_id)`.as("n"))
      .where("r.event_id", "=", eventId)
      .where("v.status", "=", "published")
      .executeTakeFirst(),
    db
      .selectFrom("result_sections as s")
      .innerJoin("rounds as r", "r.id", "s.round_id")
      .select([sql<string>`count(*)`.as("n"), sql<string>`count(s.published_at)`.as("published")])
      .where("r.event_id", "=", eventId)
      .executeTakeFirst(),
  ]);
  const entries = Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>;
  for (const row of byStatus) entries[row.status] = count(row.n);
  const registration = registrationState(
    {
      status: event.status,
      registrationOpensAt: event.registration_opens_at,
      registrationClosesAt: event.registration_closes_at,
    },
    now,
  );
  const progress: EventProgress = {
    status: event.status,
    registration,
    nominations: nominations.length,
    ageGroups: count(ageGroups?.n),
    rounds: count(rounds?.n),
    submitted: entries.submitted,
    active: entries.submitted + entries.confirmed + entries.waitlisted,
    judges: count(judges?.n),
    scheduledRounds: count(scheduled?.n),
    resultSections: count(sections?.n),
    publishedSections: count(sections?.published),
  };
  return {
    event: {
      ...event,
      registrationOpensAt: event.registration_opens_at?.toISOString() ?? null,
      registrationClosesAt: event.registration_closes_at?.toISOString() ?? null,
    },
    registration,
    entries,
    taken: entries.confirmed,
    nominations: nominations.map((n) => ({
      id: n.id,
      name_kk: n.name_kk,
      name_ru: n.name_ru,
      name_en: n.name_en,
      capacity: n.capacity,
      taken: count(n.taken),
      waiting: count(n.waiting),
    })),
    progress,
    nextSteps: nextSteps(progress),
  };
}
export type EventOverview = NonNullable<Awaited<ReturnType<typeof eventOverview>>>;
