import { round4 } from "./aggregate";
import type { TieBreak } from "./rules";

/** What ranking needs of an entry (an EntryAggregate has all of it) and the chair's recorded position. */
export interface RankInput {
  entryId: number;
  total: number | null;
  median: number | null;
  mean: number | null;
  firstCriterion: number | null;
  /** The chair's order among tied entries (lower first); absent when none was recorded. */
  chairPosition?: number | null;
}

export interface Ranked {
  entryId: number;
  /** Standard competition ranking (1, 1, 3); null for an entry without a complete judge's sheet. */
  rank: number | null;
  /** Tied with another entry after every tie-break: they hold the same rank. */
  shared: boolean;
  /** Tied, but the rules don't allow shared places: the chair must order them (the rank is provisional). */
  needsChair: boolean;
}

const TOLERANCE = 1e-9;

/** Higher first; values within the tolerance (after rounding to 4 decimals) are equal; a missing value ranks last. */
function compareDesc(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const d = round4(b) - round4(a);
  return Math.abs(d) <= TOLERANCE ? 0 : d;
}

/**
 * Splits one tied group by a tie-break into consecutive groups, best first. "chair" orders a group
 * only when the chair recorded a position for every entry of it (lower first, equal positions stay
 * tied); a group with any entry the chair hasn't placed stays tied as a whole.
 */
function splitBy(group: RankInput[], tieBreak: TieBreak): RankInput[][] {
  let compare: (a: RankInput, b: RankInput) => number;
  switch (tieBreak) {
    case "median":
      compare = (a, b) => compareDesc(a.median, b.median);
      break;
    case "mean":
      compare = (a, b) => compareDesc(a.mean, b.mean);
      break;
    case "first_criterion":
      compare = (a, b) => compareDesc(a.firstCriterion, b.firstCriterion);
      break;
    case "chair":
      if (group.some((e) => e.chairPosition === undefined || e.chairPosition === null)) return [group];
      compare = (a, b) => a.chairPosition! - b.chairPosition!;
      break;
  }
  return partition(group, compare);
}

/** Sorts by `compare` (a total order) and cuts where neighbours differ. */
function partition(list: RankInput[], compare: (a: RankInput, b: RankInput) => number): RankInput[][] {
  const sorted = [...list].sort((a, b) => compare(a, b) || a.entryId - b.entryId);
  const groups: RankInput[][] = [];
  for (const e of sorted) {
    const last = groups[groups.length - 1];
    if (last && compare(last[0]!, e) === 0) last.push(e);
    else groups.push([e]);
  }
  return groups;
}

/**
 * Ranks a section's entries by aggregated total (higher first). Equal totals go through the
 * tie-break chain in order; entries still tied share a place when `sharedPlaces` allows it, else
 * they are flagged `needsChair` (and hold the same rank until the chair orders them). Entries
 * without a total are unranked. Output: ranked entries best first (ties by entry id), then the unranked.
 */
export function rankEntries(
  entries: readonly RankInput[],
  rules: { tieBreaks: readonly TieBreak[]; sharedPlaces: boolean },
): Ranked[] {
  const scored = entries.filter((e) => e.total !== null);
  let groups = partition(scored, (a, b) => compareDesc(a.total, b.total));
  for (const tieBreak of rules.tieBreaks) {
    groups = groups.flatMap((g) => (g.length > 1 ? splitBy(g, tieBreak) : [g]));
  }
  const out: Ranked[] = [];
  let place = 1;
  for (const g of groups) {
    const tied = g.length > 1;
    for (const e of g)
      out.push({
        entryId: e.entryId,
        rank: place,
        shared: tied && rules.sharedPlaces,
        needsChair: tied && !rules.sharedPlaces,
      });
    place += g.length;
  }
  const unscored = entries.filter((e) => e.total === null).sort((a, b) => a.entryId - b.entryId);
  for (const e of unscored) out.push({ entryId: e.entryId, rank: null, shared: false, needsChair: false });
  return out;
}
