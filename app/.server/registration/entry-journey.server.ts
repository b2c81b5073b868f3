import { type CurrentRound, type NextStep, nextStep } from "~/domain/entry-next-step";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { todayIn } from "~/domain/time";

import { entryRounds } from "../events/entry-rounds.server";
import type { DB } from "../platform/db.server";
import type { FamilyEntry } from "./family-entries.server";

/*
 * Where a family's entry is in the season and what the family does next: its age group, the round
 * (or regional heat) it is in now with the date, city and venue, its stage time once the round's
 * running order is published, and the next step in words (see app/domain/entry-next-step.ts).
 */

export interface EntryJourney {
  ageGroup: { min: number; max: number } | null;
  round: {
    id: number;
    kind: CurrentRound["kind"];
    /** Region codes of a heat's catchment (`region.<code>`). */
    regions: string[];
    city: string | null;
    venue: string;
    venueLang: Locale;
    startsOn: string | null;
    endsOn: string | null;
  } | null;
  slot: { startsAt: string; stage: string; stageLang: Locale; stageVenue: string } | null;
  next: NextStep | null;
  timezone: string;
}

export async function entryJourney(
  db: DB,
  entry: Pick<FamilyEntry, "id" | "status" | "eventId" | "eventTimezone">,
  locale: Locale,
  now: Date = new Date(),
): Promise<EntryJourney> {
  const [ageGroup, rounds, lastStep] = await Promise.all([
    db
      .selectFrom("entries")
      .innerJoin("age_groups as g", "g.id", "entries.age_group_id")
      .select(["g.min_age", "g.max_age"])
      .where("entries.id", "=", entry.id)
      .executeTakeFirst(),
    entryRounds(db, entry.id),
    db
      .selectFrom("rounds")
      .select((eb) => eb.fn.max("position").as("position"))
      .where("event_id", "=", entry.eventId)
      .executeTakeFirst(),
  ]);
  const current = rounds.at(-1) ?? null;
  const [slot, published] = current
    ? await Promise.all([
        db
          .selectFrom("schedule_slots as s")
          .innerJoin("schedule_versions as v", "v.id", "s.version_id")
          .innerJoin("stages as st", "st.id", "s.stage_id")
          .select(["s.starts_at", "st.name_kk", "st.name_ru", "st.name_en", "st.venue"])
          .where("v.round_id", "=", current.id)
          .where("v.status", "=", "published")
          .where("s.entry_id", "=", entry.id)
          .orderBy("s.starts_at")
          .executeTakeFirst(),
        db
          .selectFrom("results")
          .innerJoin("result_sections as rs", "rs.id", "results.section_id")
          .select("results.entry_id")
          .where("results.round_id", "=", current.id)
          .where("results.entry_id", "=", entry.id)
          .where("rs.published_at", "is not", null)
          .executeTakeFirst(),
      ])
    : [undefined, undefined];
  const slotView = slot
    ? {
        startsAt: slot.starts_at.toISOString(),
        stage: localized(slot, "name", locale),
        stageLang: localizedLang(slot, "name", locale),
        stageVenue: slot.venue,
      }
    : null;
  return {
    ageGroup: ageGroup ? { min: ageGroup.min_age, max: ageGroup.max_age } : null,
    round: current
      ? {
          id: current.id,
          kind: current.kind,
          regions: current.regions,
          city: current.city,
          venue: localized(current, "venue", locale),
          venueLang: localizedLang(current, "venue", locale),
          startsOn: current.starts_on,
          endsOn: current.ends_on,
        }
      : null,
    slot: slotView,
    next: nextStep({
      status: entry.status,
      round: current
        ? {
            kind: current.kind,
            startsOn: current.starts_on,
            endsOn: current.ends_on,
            isLast: current.position === lastStep?.position,
          }
        : null,
      slotStartsAt: slotView?.startsAt ?? null,
      resultsPublished: published !== undefined,
      today: todayIn(entry.eventTimezone, now),
    }),
    timezone: entry.eventTimezone,
  };
}
