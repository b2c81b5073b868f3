import { sql } from "kysely";

import type { Award, Round } from "#db/types";
import { type FeedingRule, proposeIntoStep, type StepRound } from "~/domain/season-advance";

import { type EntryPlace, entryPlaces, seasonRound } from "../events/rounds.server";
import type { DB } from "../platform/db.server";

/*
 * Where a feeding round's sections stand against one round of the next step (the target): each
 * entry's place, whether the target's rule and routing propose it (app/domain/season-advance.ts),
 * whether it is in the target now, and whether it is in another round of the target's step.
 */

export interface Standing {
  entryId: number;
  rank: number | null;
  shared: boolean;
  percent: number | null;
  award: Award | null;
  proposed: boolean;
  /** In the target round now. */
  advanced: boolean;
  /** Another round of the target's step it is in, if any. */
  elsewhere: number | null;
}

/** The round of the next step entries advance into, with the rest of its step. */
export interface Target {
  round: Round;
  step: Round[];
  /** The event lets an entry be in several rounds of a step. */
  several: boolean;
}

export const stepRound = (r: Round): StepRound => ({
  ...seasonRound(r),
  intakeRule: r.intake_rule,
  intakeValue: r.intake_value === null ? null : Number(r.intake_value),
});

/** The places in these sections, best first, each measured against the target (no names: choosing needs none). */
export async function standings(
  db: DB,
  sectionIds: readonly number[],
  feeding: FeedingRule,
  target: Target | null,
): Promise<Map<number, Standing[]>> {
  const bySection = new Map<number, Standing[]>(sectionIds.map((id) => [id, []]));
  if (!sectionIds.length) return bySection;
  const rows = await db
    .selectFrom("results")
    .select(["section_id", "entry_id", "rank", "shared", "percent", "award"])
    .where("section_id", "in", [...sectionIds])
    .execute();
  const ids = rows.map((r) => r.entry_id);
  const [state, places] = await Promise.all([
    target ? stepState(db, target, ids) : null,
    // Routing among one round needs no places.
    target && target.step.length > 1 ? entryPlaces(db, ids) : new Map<number, EntryPlace>(),
  ]);
  for (const r of rows) {
    bySection.get(r.section_id)!.push({
      entryId: r.entry_id,
      rank: r.rank,
      shared: r.shared,
      percent: r.percent === null ? null : Number(r.percent),
      award: r.award,
      proposed: false,
      advanced: state?.advanced.has(r.entry_id) ?? false,
      elsewhere: state?.elsewhere.get(r.entry_id) ?? null,
    });
  }
  if (!target) return bySection;
  const step = target.step.map(stepRound);
  for (const list of bySection.values()) {
    const placed = list.map((s) => ({ ...s, ...(places.get(s.entryId) ?? { region: null, town: null }) }));
    const proposed = new Set(proposeIntoStep(placed, step, feeding, target.several).get(target.round.id));
    for (const s of list) s.proposed = proposed.has(s.entryId);
    list.sort(
      (a, b) =>
        (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.percent ?? -1) - (a.percent ?? -1) || a.entryId - b.entryId,
    );
  }
  return bySection;
}

/**
 * Of these entries: which are in the target round, which of those have a score there (they can no
 * longer be taken out), and which are in another round of its step.
 */
export async function stepState(db: DB, target: Target, entryIds: number[]) {
  const state = { advanced: new Set<number>(), scored: new Set<number>(), elsewhere: new Map<number, number>() };
  if (entryIds.length === 0) return state;
  const ids = sql`${entryIds}::int[]`;
  const [inStep, scored] = await Promise.all([
    db
      .selectFrom("round_entries")
      .select(["entry_id", "round_id"])
      .where(
        "round_id",
        "in",
        target.step.map((r) => r.id),
      )
      .where(sql<boolean>`entry_id = any(${ids})`)
      .orderBy("round_id")
      .execute(),
    db
      .selectFrom("scores")
      .select("entry_id")
      .distinct()
      .where("round_id", "=", target.round.id)
      .where(sql<boolean>`entry_id = any(${ids})`)
      .execute(),
  ]);
  for (const r of inStep) {
    if (r.round_id === target.round.id) state.advanced.add(r.entry_id);
    else if (!state.elsewhere.has(r.entry_id)) state.elsewhere.set(r.entry_id, r.round_id);
  }
  for (const r of scored) state.scored.add(r.entry_id);
  return state;
}
