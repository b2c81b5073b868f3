import type { Aggregation } from "./rules";

/** A criterion of a nomination, in its order (position, then id): the first one breaks ties. */
export interface Criterion {
  id: number;
  max: number;
  weight: number;
}

/** One judge's scores for one entry: criterion id → value. */
export interface JudgeSheet {
  judgeId: number;
  values: ReadonlyMap<number, number>;
}

/** Totals and percentages are kept to 4 decimals, so equal scores compare equal however they were summed. */
export const DECIMALS = 4;
const SCALE = 10 ** DECIMALS;
export const round4 = (x: number): number => Math.round(x * SCALE) / SCALE;

/** The highest weighted total a judge can give: Σ weight · max. */
export function maximumTotal(criteria: readonly Criterion[]): number {
  return criteria.reduce((sum, c) => sum + c.weight * c.max, 0);
}

/**
 * A judge's weighted total for an entry, Σ weight · value, or null when the sheet is incomplete
 * (a criterion without a score): an incomplete sheet is not counted at all, never as zeros.
 */
export function judgeTotal(criteria: readonly Criterion[], values: ReadonlyMap<number, number>): number | null {
  if (criteria.length === 0) return null;
  let sum = 0;
  for (const c of criteria) {
    const v = values.get(c.id);
    if (v === undefined) return null;
    sum += c.weight * v;
  }
  return sum;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The middle value; with an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The mean without the single highest and the single lowest value. With fewer than 3 values
 * nothing would be left (or one arbitrary value), so it falls back to the plain mean.
 */
export function trimmedMean(values: readonly number[]): number | null {
  if (values.length < 3) return mean(values);
  const sorted = [...values].sort((a, b) => a - b);
  return mean(sorted.slice(1, -1));
}

/** Combines the judges' values with the event's method; null when there are none. */
export function combine(values: readonly number[], method: Aggregation): number | null {
  switch (method) {
    case "mean":
      return mean(values);
    case "trimmed_mean":
      return trimmedMean(values);
    case "median":
      return median(values);
  }
}

/** What the judges' sheets make of one entry. */
export interface EntryAggregate {
  entryId: number;
  /** The judges' weighted totals combined with the event's method (4 decimals); null without a complete sheet. */
  total: number | null;
  /** total as a percentage of the maximum (4 decimals). */
  percent: number | null;
  /** Complete sheets counted. */
  judgeCount: number;
  /** Each judge's weighted total; null for an incomplete sheet. */
  judgeTotals: { judgeId: number; total: number | null }[];
  /** Judges whose sheet lacks a criterion (not counted). */
  incompleteJudges: number[];
  /** Tie-break "median": the median of the complete sheets' totals. */
  median: number | null;
  /** Tie-break "mean": the plain mean of the complete sheets' totals. */
  mean: number | null;
  /** Tie-break "first_criterion": the first criterion's values of the complete sheets, combined with the event's method. */
  firstCriterion: number | null;
}

/**
 * One judge's sheet reduced to what aggregation needs: the weighted total (null when incomplete)
 * and the first criterion's value (for the "first_criterion" tie-break). Computing results reads
 * these straight from the database instead of every score.
 */
export interface JudgeTotal {
  judgeId: number;
  total: number | null;
  first: number | null;
}

/** A judge's sheet as a JudgeTotal. */
export function sheetTotal(criteria: readonly Criterion[], sheet: JudgeSheet): JudgeTotal {
  const total = judgeTotal(criteria, sheet.values);
  return { judgeId: sheet.judgeId, total, first: total === null ? null : sheet.values.get(criteria[0]!.id)! };
}

/**
 * Aggregates one entry. `sheets` holds only the judges who may score it (on the panel, not
 * recused): a recused or absent judge is simply not there, so the others' scores decide — never a zero.
 */
export function aggregateEntry(
  entryId: number,
  criteria: readonly Criterion[],
  sheets: readonly JudgeSheet[],
  method: Aggregation,
): EntryAggregate {
  return aggregateTotals(
    entryId,
    maximumTotal(criteria),
    sheets.map((s) => sheetTotal(criteria, s)),
    method,
  );
}

/** aggregateEntry from the judges' totals; `maximum` is the criteria's maximumTotal. */
export function aggregateTotals(
  entryId: number,
  maximum: number,
  totals: readonly JudgeTotal[],
  method: Aggregation,
): EntryAggregate {
  const judgeTotals = totals.map((t) => ({ judgeId: t.judgeId, total: t.total }));
  const complete: number[] = [];
  const first: number[] = [];
  const incompleteJudges: number[] = [];
  for (const t of totals) {
    if (t.total === null) {
      incompleteJudges.push(t.judgeId);
      continue;
    }
    complete.push(t.total);
    first.push(t.first!);
  }
  const combined = combine(complete, method);
  const total = combined === null ? null : round4(combined);
  const roundOrNull = (x: number | null) => (x === null ? null : round4(x));
  return {
    entryId,
    total,
    percent: combined === null || maximum <= 0 ? null : round4((combined / maximum) * 100),
    judgeCount: complete.length,
    judgeTotals,
    incompleteJudges,
    median: roundOrNull(median(complete)),
    mean: roundOrNull(mean(complete)),
    firstCriterion: roundOrNull(combine(first, method)),
  };
}
