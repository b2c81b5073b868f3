import type { Ranked } from "./rank";
import { type Award, type Band, BAND_AWARDS, type Rules } from "./rules";

/** 1st → Laureate I … 6th → Diplomant III, then a participation certificate; unranked → no award. */
export function awardByRank(rank: number | null): Award | null {
  if (rank === null) return null;
  return BAND_AWARDS[rank - 1] ?? "participant";
}

/** The first band (highest first) the percentage reaches, else a participation certificate; no score → no award. */
export function awardByPercent(percent: number | null, bands: readonly Band[]): Award | null {
  if (percent === null) return null;
  const sorted = [...bands].sort((a, b) => b.minPercent - a.minPercent);
  return sorted.find((b) => percent + 1e-9 >= b.minPercent)?.award ?? "participant";
}

/**
 * Each ranked entry's award under the event's rules (before any Grand Prix). Entries that share a
 * rank share its award. `percents` gives each entry's percentage (needed for bands).
 */
export function assignAwards(
  ranked: readonly Ranked[],
  percents: ReadonlyMap<number, number | null>,
  rules: Pick<Rules, "awardMode" | "bands">,
): Map<number, Award | null> {
  const out = new Map<number, Award | null>();
  for (const r of ranked) {
    out.set(
      r.entryId,
      r.rank === null
        ? null
        : rules.awardMode === "bands"
          ? awardByPercent(percents.get(r.entryId) ?? null, rules.bands)
          : awardByRank(r.rank),
    );
  }
  return out;
}

/** An entry that might hold the Grand Prix: its age group and its award as computed. */
export interface GrandPrixCandidate {
  entryId: number;
  ageGroupId: number | null;
  award: Award | null;
  /** Its total in percent of the maximum (null: not scored). */
  percent?: number | null;
}

export type GrandPrixCheck =
  { ok: true } | { ok: false; reason: "not_laureate_1" | "other_age_group" | "unknown_entry" | "below_minimum" };

/** Whether a total reaches the Grand Prix's minimum (no minimum: always). */
export const reachesGrandPrixMinimum = (percent: number | null | undefined, minPercent: number | null | undefined) =>
  minPercent === null ||
  minPercent === undefined ||
  (percent !== null && percent !== undefined && percent >= minPercent);

/** A Laureate I, or the Grand Prix already given (which was a Laureate I). */
const holdsFirstDegree = (award: Award | null) => award === "laureate_1" || award === "grand_prix";

/**
 * Whether the Grand Prix may go to `entryId` (null = the jury decided not to award it, always
 * allowed). `candidates` are the nomination's entries of the round with their awards. The winner
 * must hold Laureate I: in the age group chosen for (`ageGroupId`), or in any age group of the
 * nomination when `acrossAgeGroups`, and reach the scoring rules' minimum when there is one.
 */
export function validateGrandPrix(
  entryId: number | null,
  scope: { ageGroupId: number | null; acrossAgeGroups: boolean; minPercent?: number | null },
  candidates: readonly GrandPrixCandidate[],
): GrandPrixCheck {
  if (entryId === null) return { ok: true };
  const entry = candidates.find((c) => c.entryId === entryId);
  if (!entry) return { ok: false, reason: "unknown_entry" };
  if (!scope.acrossAgeGroups && entry.ageGroupId !== scope.ageGroupId) return { ok: false, reason: "other_age_group" };
  if (!holdsFirstDegree(entry.award)) return { ok: false, reason: "not_laureate_1" };
  return reachesGrandPrixMinimum(entry.percent, scope.minPercent)
    ? { ok: true }
    : { ok: false, reason: "below_minimum" };
}

/**
 * Gives the Grand Prix: the chosen entry's Laureate I becomes the Grand Prix. No choice, "not
 * awarded" (null), a choice that no longer holds Laureate I (scores changed since), or one below
 * the minimum score (`minimum.percent` of the chosen entry under `minimum.minPercent`) leaves
 * every award as it was. Returns a new map.
 */
export function applyGrandPrix(
  awards: ReadonlyMap<number, Award | null>,
  choice: number | null | undefined,
  minimum?: { percents: ReadonlyMap<number, number | null>; minPercent: number | null },
): Map<number, Award | null> {
  const out = new Map(awards);
  if (choice === null || choice === undefined || out.get(choice) !== "laureate_1") return out;
  if (minimum && !reachesGrandPrixMinimum(minimum.percents.get(choice), minimum.minPercent)) return out;
  out.set(choice, "grand_prix");
  return out;
}
