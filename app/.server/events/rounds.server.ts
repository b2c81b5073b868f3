import { sql } from "kysely";

import type { Round } from "#db/types";
import { CITY_REGION, isRegion, type Region } from "~/domain/regions";
import { nextRounds, routeEntry, type SeasonRound } from "~/domain/season";

import type { DB } from "../platform/db.server";

/**
 * Who takes part in a round (one source of truth, shared by the judge's screen, results, diplomas
 * and the programme, so they all agree):
 * - a round of the event's first step: the confirmed entries, and when the step has several rounds
 *   in parallel, those routing gives this round (app/domain/season.ts: the organiser's move, else
 *   the entry's town, else its region, else the step's catch-all round);
 * - a round of a later step: the entries that advanced or were moved into it (round_entries) and are
 *   still confirmed.
 */
export async function roundEntryIds(db: DB, roundId: number): Promise<number[]> {
  const round = await db
    .selectFrom("rounds")
    .select(["id", "event_id", "position"])
    .where("id", "=", roundId)
    .executeTakeFirst();
  if (!round) return [];
  if (await isFirstRound(db, round.event_id, roundId)) {
    const routed = await firstStepRouting(db, round.event_id);
    return routed.byRound.get(roundId) ?? [];
  }
  const rows = await db
    .selectFrom("round_entries")
    .innerJoin("entries", "entries.id", "round_entries.entry_id")
    .select("entries.id")
    .where("round_entries.round_id", "=", roundId)
    .where("entries.status", "=", "confirmed")
    .orderBy("entries.id")
    .execute();
  return rows.map((r) => r.id);
}

/** A round as the season graph sees it (app/domain/season.ts). */
export function seasonRound(r: Pick<Round, "id" | "position" | "regions" | "towns">): SeasonRound {
  return { id: r.id, step: r.position, regions: r.regions.filter(isRegion), towns: r.towns };
}

/**
 * The event's confirmed entries among the rounds of its first step: round id → entry ids (in id
 * order), and the entries no round of the step takes (shown to the organiser, never guessed).
 */
export async function firstStepRouting(
  db: DB,
  eventId: number,
): Promise<{ byRound: Map<number, number[]>; unrouted: number[] }> {
  const rounds = await eventRounds(db, eventId);
  const step = rounds.filter((r) => r.position === rounds[0]?.position).map(seasonRound);
  const byRound = new Map<number, number[]>(step.map((r) => [r.id, []]));
  const unrouted: number[] = [];
  if (step.length === 0) return { byRound, unrouted };
  const entries = await db
    .selectFrom("entries")
    .select("id")
    .where("event_id", "=", eventId)
    .where("status", "=", "confirmed")
    .orderBy("id")
    .execute();
  const ids = entries.map((e) => e.id);
  if (step.length === 1) return { byRound: new Map([[step[0]!.id, ids]]), unrouted };
  const [places, moves] = await Promise.all([
    entryPlaces(db, ids),
    db
      .selectFrom("round_moves")
      .select(["entry_id", "round_id"])
      .where(
        "round_id",
        "in",
        step.map((r) => r.id),
      )
      .execute(),
  ]);
  const movedTo = new Map(moves.map((m) => [m.entry_id, m.round_id]));
  for (const id of ids) {
    const place = places.get(id) ?? { region: null, town: null };
    const to = routeEntry({ ...place, movedTo: movedTo.get(id) ?? null }, step);
    if (to === null) unrouted.push(id);
    else byRound.get(to)!.push(id);
  }
  return { byRound, unrouted };
}

export interface EntryPlace {
  /** The entry's region: its club's (the entry's club, else its first member's), else the family's. */
  region: Region | null;
  /** Its town: a city code from Toi's list, or the name as typed. */
  town: string | null;
}

/**
 * Where each entry comes from, for routing it to its heat: the club's region and town when the
 * entry came from a club (entries.club_id, else its first member's club), else its first member's
 * own. A region left empty is the town's region when the town is in Toi's list.
 */
export async function entryPlaces(db: DB, entryIds: readonly number[]): Promise<Map<number, EntryPlace>> {
  const places = new Map<number, EntryPlace>();
  if (entryIds.length === 0) return places;
  const { rows } = await sql<{
    id: number;
    club_region: string | null;
    club_city: string | null;
    club_town: string | null;
    region: string | null;
    city: string | null;
    town: string | null;
  }>`
    with ids as (select unnest(${sql`${[...entryIds]}::int[]`}) as id),
    first_member as (
      select distinct on (m.entry_id) m.entry_id, p.club_id, p.region, p.city, p.town
      from entry_members m join participants p on p.id = m.participant_id
      where m.entry_id in (select id from ids)
      order by m.entry_id, m.active desc, p.id
    )
    select e.id, c.region as club_region, c.city as club_city, c.town as club_town, f.region, f.city, f.town
    from entries e
    left join first_member f on f.entry_id = e.id
    left join clubs c on c.id = coalesce(e.club_id, f.club_id)
    where e.id in (select id from ids)`.execute(db);
  for (const r of rows) {
    const club = r.club_city !== null;
    places.set(r.id, club ? placeOf(r.club_region, r.club_city, r.club_town) : placeOf(r.region, r.city, r.town));
  }
  return places;
}

function placeOf(region: string | null, city: string | null, town: string | null): EntryPlace {
  const typed = town?.trim() ? town.trim() : null;
  const listed = city && city !== "other" && Object.hasOwn(CITY_REGION, city) ? city : null;
  return {
    region: isRegion(region) ? region : listed ? CITY_REGION[listed as keyof typeof CITY_REGION] : null,
    town: city === "other" || !listed ? typed : listed,
  };
}

/** The event's rounds in order (position, then id). */
export async function eventRounds(db: DB, eventId: number): Promise<Round[]> {
  return db
    .selectFrom("rounds")
    .selectAll()
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** Whether the round is one of the event's first step (rounds in parallel share a step). */
export async function isFirstRound(db: DB, eventId: number, roundId: number): Promise<boolean> {
  const rounds = await eventRounds(db, eventId);
  return rounds.some((r) => r.id === roundId && r.position === rounds[0]!.position);
}

/** The rounds of the step after this round's, in parallel (app/domain/season.ts); empty for the last step. */
export async function nextRoundsOf(db: DB, roundId: number): Promise<Round[]> {
  const rounds = await db
    .selectFrom("rounds as r")
    .innerJoin("rounds as me", "me.event_id", "r.event_id")
    .selectAll("r")
    .where("me.id", "=", roundId)
    .orderBy("r.position")
    .orderBy("r.id")
    .execute();
  const next = new Set(nextRounds(rounds.map(seasonRound), roundId).map((r) => r.id));
  return rounds.filter((r) => next.has(r.id));
}

/**
 * The results section (round × nomination × age group) an entry falls in, created on first use.
 * Returns its id. Safe under concurrency (insert … on conflict on the unique index).
 */
export async function ensureSection(
  db: DB,
  roundId: number,
  nominationId: number,
  ageGroupId: number | null,
): Promise<number> {
  const found = await findSection(db, roundId, nominationId, ageGroupId);
  if (found) return found.id;
  await sql`insert into result_sections (round_id, nomination_id, age_group_id) values (${roundId}, ${nominationId}, ${ageGroupId})
    on conflict (round_id, nomination_id, coalesce(age_group_id, 0)) do nothing`.execute(db);
  const row = await findSection(db, roundId, nominationId, ageGroupId);
  return row!.id;
}

export async function findSection(db: DB, roundId: number, nominationId: number, ageGroupId: number | null) {
  let q = db
    .selectFrom("result_sections")
    .selectAll()
    .where("round_id", "=", roundId)
    .where("nomination_id", "=", nominationId);
  q = ageGroupId === null ? q.where("age_group_id", "is", null) : q.where("age_group_id", "=", ageGroupId);
  return q.executeTakeFirst();
}
