import { describe, expect, it } from "vitest";

import {
  aggregateEntry,
  combine,
  type Criterion,
  type JudgeSheet,
  judgeTotal,
  maximumTotal,
  mean,
  median,
  trimmedMean,
} from "./aggregate";

// Technique, artistry (counts double) and repertoire, each out of 10: the maximum is 10 + 20 + 10 = 40.
const criteria: Criterion[] = [
  { id: 1, max: 10, weight: 1 },
  { id: 2, max: 10, weight: 2 },
  { id: 3, max: 10, weight: 1 },
];
const sheet = (judgeId: number, ...values: (number | undefined)[]): JudgeSheet => ({
  judgeId,
  values: new Map(values.flatMap((v, i) => (v === undefined ? [] : [[i + 1, v] as [number, number]]))),
});

describe("a judge's weighted total", () => {
  it("sums weight × value over the criteria, against a maximum of Σ weight × max", () => {
    expect(maximumTotal(criteria)).toBe(40);
    expect(judgeTotal(criteria, sheet(1, 8, 9, 7).values)).toBe(8 + 18 + 7);
  });

  it("is null when a criterion has no score, never a zero for the missing one", () => {
    expect(judgeTotal(criteria, sheet(1, 8, undefined, 7).values)).toBeNull();
    expect(judgeTotal([], new Map())).toBeNull();
  });

  it("ignores scores for criteria outside the nomination", () => {
    expect(
      judgeTotal(
        criteria,
        new Map([
          [1, 5],
          [2, 5],
          [3, 5],
          [99, 10],
        ]),
      ),
    ).toBe(20);
  });
});

describe("combining the judges' totals", () => {
  it("takes the mean", () => {
    expect(mean([30, 33, 36, 20])).toBe(29.75);
    expect(combine([30, 33, 36, 20], "mean")).toBe(29.75);
  });

  it("takes the median, the mean of the middle two for an even count", () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([30, 33, 36, 20])).toBe(31.5);
    expect(combine([36, 20, 33], "median")).toBe(33);
  });

  it("drops one highest and one lowest for the trimmed mean", () => {
    expect(trimmedMean([30, 33, 36, 20])).toBe(31.5);
    expect(trimmedMean([10, 40, 40, 40, 0])).toBe(30);
    expect(combine([20, 33, 36], "trimmed_mean")).toBe(33);
  });

  it("falls back to the mean for the trimmed mean with fewer than 3 judges", () => {
    expect(trimmedMean([30, 36])).toBe(33);
    expect(trimmedMean([30])).toBe(30);
  });

  it("gives null without any judge", () => {
    for (const method of ["mean", "trimmed_mean", "median"] as const) expect(combine([], method)).toBeNull();
  });
});

describe("aggregating an entry", () => {
  it("combines the complete sheets and keeps the tie-break figures", () => {
    // Totals 33, 36 (9+18+9), 20 (5+10+5); first criterion 8, 9, 5.
    const a = aggregateEntry(7, criteria, [sheet(1, 8, 9, 7), sheet(2, 9, 9, 9), sheet(3, 5, 5, 5)], "mean");
    expect(a).toMatchObject({
      entryId: 7,
      total: 29.6667,
      percent: 74.1667,
      judgeCount: 3,
      incompleteJudges: [],
      median: 33,
      mean: 29.6667,
      firstCriterion: 7.3333,
    });
    expect(a.judgeTotals).toEqual([
      { judgeId: 1, total: 33 },
      { judgeId: 2, total: 36 },
      { judgeId: 3, total: 20 },
    ]);
  });

  it("averages the others when a judge is recused (absent from the list), never counting a zero", () => {
    const a = aggregateEntry(7, criteria, [sheet(1, 8, 9, 7), sheet(2, 9, 9, 9)], "mean");
    expect(a.total).toBe(34.5);
    expect(a.percent).toBe(86.25);
    expect(a.judgeCount).toBe(2);
  });

  it("leaves an incomplete sheet out and flags its judge", () => {
    const a = aggregateEntry(
      7,
      criteria,
      [sheet(1, 8, 9, 7), sheet(2, 9, undefined, 9), sheet(3, 10, 10, 10)],
      "median",
    );
    expect(a.incompleteJudges).toEqual([2]);
    expect(a.judgeCount).toBe(2);
    expect(a.total).toBe(36.5); // median of 33 and 40
    expect(a.judgeTotals[1]).toEqual({ judgeId: 2, total: null });
  });

  it("uses the event's method for the total and the first criterion", () => {
    const sheets = [sheet(1, 8, 9, 7), sheet(2, 9, 9, 9), sheet(3, 5, 5, 5), sheet(4, 10, 10, 10)];
    // Totals 33, 36, 20, 40: trimmed mean (33 + 36) / 2; first criterion 8, 9, 5, 10 → (8 + 9) / 2.
    expect(aggregateEntry(1, criteria, sheets, "trimmed_mean")).toMatchObject({
      total: 34.5,
      firstCriterion: 8.5,
      median: 34.5,
      mean: 32.25,
    });
    expect(aggregateEntry(1, criteria, sheets, "median")).toMatchObject({ total: 34.5, firstCriterion: 8.5 });
    expect(aggregateEntry(1, criteria, sheets, "mean")).toMatchObject({ total: 32.25, firstCriterion: 8 });
  });

  it("has no total, percent or tie-break figures without a complete sheet", () => {
    expect(aggregateEntry(1, criteria, [sheet(1, 8)], "mean")).toMatchObject({
      total: null,
      percent: null,
      judgeCount: 0,
      median: null,
      mean: null,
      firstCriterion: null,
    });
    expect(aggregateEntry(1, criteria, [], "mean")).toMatchObject({ total: null, judgeCount: 0 });
  });

  it("rounds to 4 decimals so sums in another order compare equal", () => {
    const tenths: Criterion[] = [
      { id: 1, max: 1, weight: 1 },
      { id: 2, max: 1, weight: 1 },
    ];
    const a = aggregateEntry(
      1,
      tenths,
      [
        {
          judgeId: 1,
          values: new Map([
            [1, 0.1],
            [2, 0.2],
          ]),
        },
      ],
      "mean",
    );
    const b = aggregateEntry(
      2,
      tenths,
      [
        {
          judgeId: 1,
          values: new Map([
            [1, 0.3],
            [2, 0],
          ]),
        },
      ],
      "mean",
    );
    expect(a.total).toBe(b.total);
  });
});
