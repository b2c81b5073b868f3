import { sql } from "kysely";

import type { Round } from "#db/types";

import type { DB } from "../platform/db.server";

/**
 * Who takes part in a round. The event's first round (lowest position) holds every confirmed
 * entry; a later round holds the entries that advanced into it (round_entries) and are still
 * confirmed. Shared by the judge's screen, results and diplomas, so they all agree.
 */
export async function roundEntryIds(db: DB, roundId: number): Promise<number[]> {
  const round = await db.selectFrom("rounds").select(["id", "event_id"]).where("id", "=", roundId).executeTakeFirst();
  if (!round) return [];
  if (await isFirstRound(db, round.event_id, roundId)) {
    const rows = await db
      .selectFrom("entries")
      .select("id")
      .where("event_id", "=", round.event_id)
      .where("status", "=", "confirmed")
      .orderBy("id")
      .execute();
    return rows.map((r) => r.id);
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

export async function isFirstRound(db: DB, eventId: number, roundId: number): Promise<boolean> {
  const first = await db
    .selectFrom("rounds")
    .select("id")
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return first?.id === roundId;
}

/** The round after this one, if any. */
export async function nextRound(db: DB, roundId: number): Promise<Round | undefined> {
  const rounds = await db
    .selectFrom("rounds as r")
    .innerJoin("rounds as me", "me.event_id", "r.event_id")
    .selectAll("r")
    .where("me.id", "=", roundId)
    .orderBy("r.position")
    .orderBy("r.id")
    .execute();
  const i = rounds.findIndex((r) => r.id === roundId);
  return i >= 0 ? rounds[i + 1] : undefined;
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
