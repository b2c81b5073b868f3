import { describe, expect, it } from "vitest";

import { type AdvanceCandidate, proposeAdvance } from "./advance";

// A section of six: two share second place, one has no complete score yet.
const SECTION: AdvanceCandidate[] = [
  { entryId: 14, rank: 4, percent: 71.5 },
  { entryId: 11, rank: 1, percent: 92 },
  { entryId: 13, rank: 2, percent: 85 },
  { entryId: 12, rank: 2, percent: 85 },
  { entryId: 15, rank: 5, percent: 60 },
  { entryId: 16, rank: null, percent: null },
];

describe("proposeAdvance with the top N rule", () => {
  it("takes every entry placed N-th or better, best first", () => {
    expect(proposeAdvance(SECTION, "top_n", 4)).toEqual([11, 12, 13, 14]);
    expect(proposeAdvance(SECTION, "top_n", 1)).toEqual([11]);
  });

  it("lets every entry sharing the N-th place through", () => {
    expect(proposeAdvance(SECTION, "top_n", 2)).toEqual([11, 12, 13]);
  });

  it("lets a shared place above push more than N through, as nobody holds the place after it", () => {
    // Ranks 1, 2, 2, 4: there is no third place, so N = 3 proposes the same three entries as N = 2.
    expect(proposeAdvance(SECTION, "top_n", 3)).toEqual([11, 12, 13]);
  });

  it("never proposes an entry without a rank, and nothing for N = 0", () => {
    expect(proposeAdvance(SECTION, "top_n", 100)).toEqual([11, 12, 13, 14, 15]);
    expect(proposeAdvance(SECTION, "top_n", 0)).toEqual([]);
  });
});

describe("proposeAdvance with the score threshold rule", () => {
  it("takes every entry at or above the percent of the maximum", () => {
    expect(proposeAdvance(SECTION, "min_score", 85)).toEqual([11, 12, 13]);
    expect(proposeAdvance(SECTION, "min_score", 85.01)).toEqual([11]);
    expect(proposeAdvance(SECTION, "min_score", 60)).toEqual([11, 12, 13, 14, 15]);
    expect(proposeAdvance(SECTION, "min_score", 0)).toEqual([11, 12, 13, 14, 15]);
  });

  it("counts a percent a rounding error below the threshold as reaching it", () => {
    // 0.57 × 100 is 57 %, but 56.99999999999999 in floating point.
    const rows = [
      { entryId: 1, rank: 1, percent: 0.57 * 100 },
      { entryId: 2, rank: 2, percent: 56.9 },
    ];
    expect(rows[0]!.percent).toBeLessThan(57);
    expect(proposeAdvance(rows, "min_score", 57)).toEqual([1]);
  });
});

describe("proposeAdvance without a usable rule", () => {
  it("proposes nothing for 'none', a missing value or a negative one", () => {
    expect(proposeAdvance(SECTION, "none", 3)).toEqual([]);
    expect(proposeAdvance(SECTION, "top_n", null)).toEqual([]);
    expect(proposeAdvance(SECTION, "min_score", -5)).toEqual([]);
    expect(proposeAdvance([], "top_n", 3)).toEqual([]);
  });
});
