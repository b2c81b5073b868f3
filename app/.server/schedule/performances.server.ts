import { panelKeyOf, type PerformanceInput } from "~/domain/schedule";

import { isFirstRound, roundEntryIds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";

/** A performance whose entry gives no duration takes this long. */
export const DEFAULT_PERFORMANCE_MINUTES = 4;

/*
 * Performances: the round's confirmed entries that perform on a stage. In the event's first round
 * that is every confirmed live entry; in a later round (a final after a remote round), the entries
 * that advanced into it, video entries included, since finalists perform live. A first step of
 * parallel heats gives each heat the entries routed to it.
 */

export interface PerformanceInfo extends PerformanceInput {
  title: string;
  nominationId: number;
  nomination_kk: string;
  nomination_ru: string;
  nomination_en: string;
  ageGroup: { min: number; max: number } | null;
  performers: string[];
}

export async function loadPerformances(db: DB, eventId: number, roundId: number): Promise<PerformanceInfo[]> {
  const first = await isFirstRound(db, eventId, roundId);
  const routed = first ? new Set(await roundEntryIds(db, roundId)) : null;
  const rows = await db
    .selectFrom("entries")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "entries.age_group_id")
    .select([
      "entries.id",
      "entries.title",
      "entries.duration_seconds",
      "entries.nomination_id",
      "entries.age_group_id",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "age_groups.min_age",
      "age_groups.max_age",
    ])
    .where("entries.event_id", "=", eventId)
    .where("entries.status", "=", "confirmed")
    .$if(first, (q) => q.where("nominations.entry_kind", "=", "live"))
    .$if(!first, (q) =>
      q
        .where("nominations.entry_kind", "in", ["live", "video"])
        .where("entries.id", "in", (eb) =>
          eb.selectFrom("round_entries").select("entry_id").where("round_id", "=", roundId),
        ),
    )
    .orderBy("nominations.position")
    .orderBy("nominations.id")
    .orderBy("entries.id")
    .execute();
  const entries = routed ? rows.filter((e) => routed.has(e.id)) : rows;
  const members = entries.length
    ? await db
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select(["entry_members.entry_id", "participants.id", "participants.first_name", "participants.last_name"])
        .where(
          "entry_members.entry_id",
          "in",
          entries.map((e) => e.id),
        )
        .where("entry_members.active", "=", true)
        .orderBy("participants.last_name")
        .execute()
    : [];
  const membersOf = new Map<number, typeof members>();
  for (const m of members) {
    const list = membersOf.get(m.entry_id);
    if (list) list.push(m);
    else membersOf.set(m.entry_id, [m]);
  }
  return entries.map((e) => {
    const own = membersOf.get(e.id) ?? [];
    return {
      entryId: e.id,
      nominationId: e.nomination_id,
      ageGroupId: e.age_group_id,
      ageMin: e.min_age ?? 0,
      durationMinutes: e.duration_seconds ? Math.ceil(e.duration_seconds / 60) : DEFAULT_PERFORMANCE_MINUTES,
      memberIds: own.map((m) => m.id),
      panelKey: panelKeyOf(e.nomination_id, e.age_group_id),
      title: e.title,
      nomination_kk: e.name_kk,
      nomination_ru: e.name_ru,
      nomination_en: e.name_en,
      ageGroup: e.min_age === null || e.max_age === null ? null : { min: e.min_age, max: e.max_age },
      performers: own.map((m) => `${m.first_name} ${m.last_name}`.trim()),
    };
  });
}
