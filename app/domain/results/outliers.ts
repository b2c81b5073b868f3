import { median } from "./aggregate";

/** A judge's total this far (as a share of the maximum) from the other judges' median is flagged for review. */
export const OUTLIER_SHARE_OF_MAXIMUM = 0.15;
/** Below this many complete sheets there is no "the others" to compare with. */
export const OUTLIER_MIN_JUDGES = 3;

/**
 * Judges whose total differs from the median of the OTHER judges' totals by more than 15% of the
 * maximum. Only complete sheets count (null totals are ignored); needs at least 3 of them.
 */
export function outlierJudges(
  judgeTotals: readonly { judgeId: number; total: number | null }[],
  maximum: number,
): number[] {
  const complete = judgeTotals.filter((j): j is { judgeId: number; total: number } => j.total !== null);
  if (complete.length < OUTLIER_MIN_JUDGES || maximum <= 0) return [];
  const limit = OUTLIER_SHARE_OF_MAXIMUM * maximum;
  return complete
    .filter((j, i) => {
      const others = median(complete.filter((_, k) => k !== i).map((o) => o.total))!;
      return Math.abs(j.total - others) > limit + 1e-9;
    })
    .map((j) => j.judgeId);
}
