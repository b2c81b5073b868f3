import type { RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { resolveRules, type Rules } from "~/domain/results";

import type { DB } from "../platform/db.server";

/*
 * A results section (round × nomination × age group) as the organiser's pages address it: the
 * section's round, nomination, age group and state, found within an event (routes answer 404
 * for a section of another event).
 */

export interface Names {
  name_kk: string;
  name_ru: string;
  name_en: string;
}

export interface SectionInfo {
  id: number;
  eventId: number;
  round: { id: number; kind: RoundKind; position: number };
  nomination: Names & { id: number };
  ageGroup: (AgeRange & { id: number }) | null;
  computedAt: Date | null;
  lockedAt: Date | null;
  publishedAt: Date | null;
}

/** The section if it belongs to this event (routes answer 404 otherwise). */
export async function findEventSection(db: DB, eventId: number, sectionId: number): Promise<SectionInfo | null> {
  const row = await db
    .selectFrom("result_sections as rs")
    .innerJoin("rounds", "rounds.id", "rs.round_id")
    .innerJoin("nominations", "nominations.id", "rs.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "rs.age_group_id")
    .select([
      "rs.id",
      "rs.computed_at",
      "rs.locked_at",
      "rs.published_at",
      "rs.age_group_id",
      "rounds.id as round_id",
      "rounds.event_id",
      "rounds.kind",
      "rounds.position",
      "nominations.id as nomination_id",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "age_groups.min_age",
      "age_groups.max_age",
    ])
    .where("rs.id", "=", sectionId)
    .where("rounds.event_id", "=", eventId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    eventId: row.event_id,
    round: { id: row.round_id, kind: row.kind, position: row.position },
    nomination: { id: row.nomination_id, name_kk: row.name_kk, name_ru: row.name_ru, name_en: row.name_en },
    ageGroup:
      row.age_group_id !== null && row.min_age !== null && row.max_age !== null
        ? { id: row.age_group_id, min: row.min_age, max: row.max_age }
        : null,
    computedAt: row.computed_at,
    lockedAt: row.locked_at,
    publishedAt: row.published_at,
  };
}

/** The section, whichever event it belongs to. */
export async function sectionInfo(db: DB, sectionId: number): Promise<SectionInfo | null> {
  const row = await db
    .selectFrom("result_sections")
    .innerJoin("rounds", "rounds.id", "result_sections.round_id")
    .select("rounds.event_id")
    .where("result_sections.id", "=", sectionId)
    .executeTakeFirst();
  return row ? findEventSection(db, row.event_id, sectionId) : null;
}

/** The scoring rules of the event (its own, over the defaults). */
export async function eventRules(db: DB, eventId: number): Promise<Rules> {
  const event = await db.selectFrom("events").select("scoring").where("id", "=", eventId).executeTakeFirstOrThrow();
  return resolveRules(event.scoring);
}
