import type { AdvanceRule } from "#db/types";

/** One entry's standing in a results section, as stored in `results` (rank and percent may be missing). */
export interface AdvanceCandidate {
  entryId: number;
  /** 1 = first place; shared places repeat (1, 2, 2, 4). Null while the entry has no complete score. */
  rank: number | null;
  /** Total as a percentage of the maximum possible score. */
  percent: number | null;
}

// Percents come from weighted means in floating point: 56.99999999999999 must still reach 57.
const EPSILON = 1e-9;

/**
 * The entries a round's advance rule proposes for the next round, best first (rank, then percent).
 * - `top_n`: every entry placed N-th or better. Places are competition ranks, so entries sharing
 *   the N-th place all advance, and a shared place above may push more than N through
 *   (ranks 1, 2, 2, 4 with N = 2 → three entries; with N = 3 → the same three, as nobody is third).
 * - `min_score`: every entry whose percent of the maximum is at least `value`.
 * - `none`, a missing or negative value, or an entry without a rank / percent: nothing proposed.
 * The organiser confirms the proposal and may add or remove entries by hand.
 */
export function proposeAdvance(rows: readonly AdvanceCandidate[], rule: AdvanceRule, value: number | null): number[] {
  if (rule === "none" || value === null || !Number.isFinite(value) || value < 0) return [];
  const chosen = rows.filter((r) =>
    rule === "top_n"
      ? r.rank !== null && r.rank <= Math.floor(value)
      : r.percent !== null && r.percent + EPSILON >= value,
  );
  return [...chosen]
    .sort(
      (a, b) =>
        (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.percent ?? -1) - (a.percent ?? -1) || a.entryId - b.entryId,
    )
    .map((r) => r.entryId);
}
