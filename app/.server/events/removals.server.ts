import { sql } from "kysely";

import type { HoldingKind, Holdings } from "~/domain/removals";

import type { DB } from "../platform/db.server";

/*
 * Removing a round, nomination, age group or stage (ADR 0011). Anything made for the row on another
 * page or recorded against it holds the row, and the removal is refused with counts of what holds
 * it; the foreign keys refuse it too, as a backstop. What goes with the row is only its own parts
 * (a nomination's formats, a stage's open times) and what is derived from nothing anyone recorded:
 * results sections computed while nothing was scored, a draft's breaks on a stage.
 */

export type RemovablePart = "rounds" | "nominations" | "age_groups" | "stages";

/** One count of what holds a row: rows of `from` whose `key` is the row's id (and `where` holds). */
interface Count {
  kind: HoldingKind;
  from: string;
  key: string;
  where?: string;
}

const PUBLISHED = "published_at is not null";
const LOCKED = "locked_at is not null and published_at is null";
const SCORES_OF_ENTRIES = "scores join entries on entries.id = scores.entry_id";
const SLOTS = "schedule_slots join schedule_versions on schedule_versions.id = schedule_slots.version_id";

/** Published and locked results sections, Grand Prix decisions and judges' seats, by `key`. */
const recorded = (key: string): Count[] => [
  { kind: "publishedSections", from: "result_sections", key, where: PUBLISHED },
  { kind: "lockedSections", from: "result_sections", key, where: LOCKED },
  { kind: "prizes", from: "grand_prix", key },
  { kind: "judges", from: "jury_assignments", key },
];

const COUNTS: Record<RemovablePart, Count[]> = {
  rounds: [
    { kind: "advanced", from: "round_entries", key: "round_id" },
    { kind: "moved", from: "round_moves", key: "round_id" },
    { kind: "scores", from: "scores", key: "round_id" },
    ...recorded("round_id"),
    { kind: "prizes", from: "special_prizes", key: "round_id" },
    { kind: "stages", from: "stages", key: "round_id" },
  ],
  nominations: [
    { kind: "entries", from: "entries", key: "nomination_id" },
    { kind: "scores", from: SCORES_OF_ENTRIES, key: "entries.nomination_id" },
    ...recorded("nomination_id"),
    { kind: "criteria", from: "criteria", key: "nomination_id" },
  ],
  age_groups: [
    { kind: "entries", from: "entries", key: "age_group_id" },
    { kind: "scores", from: SCORES_OF_ENTRIES, key: "entries.age_group_id" },
    ...recorded("age_group_id"),
  ],
  stages: [
    {
      kind: "draftSlots",
      from: SLOTS,
      key: "stage_id",
      where: "schedule_versions.status = 'draft' and schedule_slots.kind = 'entry'",
    },
    { kind: "publishedSlots", from: SLOTS, key: "stage_id", where: "schedule_versions.status = 'published'" },
    { kind: "earlierSlots", from: SLOTS, key: "stage_id", where: "schedule_versions.status = 'superseded'" },
  ],
};

/**
 * Locks the rows (a score, entry or slot written for one meanwhile waits for this transaction) and
 * counts what holds each: only the rows something holds are in the map.
 */
export async function lockAndCountHoldings(
  tx: DB,
  part: RemovablePart,
  ids: readonly number[],
): Promise<Map<number, Holdings>> {
  const held = new Map<number, Holdings>();
  if (ids.length === 0) return held;
  const idList = sql.join(ids.map((id) => sql`${id}`));
  await sql`select id from ${sql.table(part)} where id in (${idList}) order by id for update`.execute(tx);
  for (const c of COUNTS[part]) {
    const { rows } = await sql<{ id: number; n: string | number }>`
      select ${sql.raw(c.key)} as id, count(*) as n from ${sql.raw(c.from)}
      where ${sql.raw(c.key)} in (${idList}) ${c.where ? sql.raw(`and ${c.where}`) : sql``}
      group by ${sql.raw(c.key)}`.execute(tx);
    for (const { id, n } of rows) {
      const holdings = held.get(id) ?? {};
      holdings[c.kind] = (holdings[c.kind] ?? 0) + Number(n);
      held.set(id, holdings);
    }
  }
  return held;
}

const SECTION_KEY = { rounds: "round_id", nominations: "nomination_id", age_groups: "age_group_id" } as const;

/**
 * Deletes rows that lockAndCountHoldings found nothing holds, in the same transaction: a round,
 * nomination or age group with its results sections (unlocked and computed from no scores, or they
 * would hold it), a stage with its open times and the current draft's breaks on it.
 */
export async function deleteUnheld(tx: DB, part: RemovablePart, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  if (part === "stages") {
    await tx.deleteFrom("schedule_slots").where("stage_id", "in", ids).where("kind", "=", "break").execute();
  } else {
    await tx.deleteFrom("result_sections").where(SECTION_KEY[part], "in", ids).execute();
  }
  await tx.deleteFrom(part).where("id", "in", ids).execute();
}
