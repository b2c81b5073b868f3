import type { ScheduleVersionOptions } from "#db/types";
import type { ScheduleOptions, Slot, Unplaced } from "~/domain/schedule";

import type { DB } from "../platform/db.server";
import type { PerformanceInfo } from "./performances.server";
import { type RoundClock, toInstant, toMinutes } from "./schedule-clock.server";
import type { StageWithWindows } from "./stages.server";

/*
 * Schedule versions of a round (one draft, one published, the superseded ones) and their slots,
 * with what a version keeps beside its slots: the rules it was generated with and the generator's
 * report of what it could not place.
 */

type Status = "draft" | "published";

/** The round's draft or published version; `forUpdate` locks it until the transaction ends. */
export async function versionOf(db: DB, roundId: number, status: Status, { forUpdate = false } = {}) {
  return db
    .selectFrom("schedule_versions")
    .select(["id", "created_at", "published_at", "options"])
    .where("round_id", "=", roundId)
    .where("status", "=", status)
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function loadSlots(db: DB, versionId: number, clock: RoundClock): Promise<Slot[]> {
  const rows = await db
    .selectFrom("schedule_slots")
    .select(["entry_id", "stage_id", "starts_at", "ends_at"])
    .where("version_id", "=", versionId)
    .where("kind", "=", "entry")
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    entryId: r.entry_id!,
    stageId: r.stage_id,
    start: toMinutes(clock, r.starts_at),
    end: toMinutes(clock, r.ends_at),
  }));
}

const SLOT_ROWS_PER_INSERT = 2000;

/** Replaces the draft's entry slots; break slots mirror the stages' break windows for the public programme. */
export async function writeSlots(
  tx: DB,
  versionId: number,
  clock: RoundClock,
  slots: readonly Slot[],
  stages: readonly StageWithWindows[],
) {
  await tx.deleteFrom("schedule_slots").where("version_id", "=", versionId).execute();
  const rows = [
    ...slots.map((s) => ({
      version_id: versionId,
      stage_id: s.stageId,
      kind: "entry" as const,
      entry_id: s.entryId,
      starts_at: toInstant(clock, s.start),
      ends_at: toInstant(clock, s.end),
    })),
    ...stages.flatMap((st) =>
      st.windows
        .filter((w) => w.kind === "break")
        .map((w) => ({
          version_id: versionId,
          stage_id: st.id,
          kind: "break" as const,
          entry_id: null,
          starts_at: toInstant(clock, w.start),
          ends_at: toInstant(clock, w.end),
        })),
    ),
  ];
  // In batches: one statement may carry at most 65,535 parameters, and a round may have thousands of slots.
  for (let i = 0; i < rows.length; i += SLOT_ROWS_PER_INSERT)
    await tx
      .insertInto("schedule_slots")
      .values(rows.slice(i, i + SLOT_ROWS_PER_INSERT))
      .execute();
}

/** The rules a version's conflicts are judged by: the ones it was generated with. */
export function conflictRules(options: ScheduleVersionOptions | undefined | null): ScheduleOptions {
  return { changeoverMinutes: options?.changeoverMinutes ?? 5, minGapMinutes: options?.minGapMinutes ?? 15 };
}

// Every reason the generator gives (the type makes a new one fail to compile until it is listed).
const UNPLACED_REASONS: Record<Unplaced["reason"], true> = {
  invalid_duration: true,
  duplicate_entry: true,
  unknown_stage: true,
  too_long_for_any_window: true,
  no_stage_time: true,
  child_gap: true,
};

/** The generator's report as the draft keeps it; anything this code did not write is left out. */
export function storedUnplaced(options: ScheduleVersionOptions | undefined | null): Unplaced[] {
  return (options?.unplaced ?? []).filter(
    (u) => Number.isSafeInteger(u.entryId) && Object.hasOwn(UNPLACED_REASONS, u.reason),
  ) as Unplaced[];
}

/** Confirmed entries with a slot in the published version and none in the draft, in the published order. */
export function droppedEntries(
  published: readonly Slot[],
  draft: readonly Slot[],
  performances: readonly PerformanceInfo[],
): number[] {
  const inDraft = new Set(draft.map((s) => s.entryId));
  const confirmed = new Set(performances.map((p) => p.entryId));
  return [...published]
    .sort((a, b) => a.start - b.start || a.stageId - b.stageId)
    .map((s) => s.entryId)
    .filter((id) => !inDraft.has(id) && confirmed.has(id));
}
