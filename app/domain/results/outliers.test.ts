import { describe, expect, it } from "vitest";

import { OUTLIER_SHARE_OF_MAXIMUM, outlierJudges } from "./outliers";

describe("outlier judges", () => {
  it("flags a total more than 15% of the maximum away from the other judges' median", () => {
    expect(OUTLIER_SHARE_OF_MAXIMUM).toBe(0.15);
    // Maximum 40: the limit is 6 points. Judge 4 gave 20 while the others' median is 34.
    const totals = [
      { judgeId: 1, total: 33 },
      { judgeId: 2, total: 34 },
      { judgeId: 3, total: 36 },
      { judgeId: 4, total: 20 },
    ];
    expect(outlierJudges(totals, 40)).toEqual([4]);
  });

  it("does not flag a difference of exactly the limit", () => {
    // Others of judge 3: 30 and 30 → median 30; 36 − 30 = 6 = 15% of 40.
    expect(
      outlierJudges(
        [
          { judgeId: 1, total: 30 },
          { judgeId: 2, total: 30 },
          { judgeId: 3, total: 36 },
        ],
        40,
      ),
    ).toEqual([]);
    expect(
      outlierJudges(
        [
          { judgeId: 1, total: 30 },
          { judgeId: 2, total: 30 },
          { judgeId: 3, total: 36.5 },
        ],
        40,
      ),
    ).toEqual([3]);
  });

  it("needs at least three complete sheets", () => {
    expect(
      outlierJudges(
        [
          { judgeId: 1, total: 10 },
          { judgeId: 2, total: 40 },
        ],
        40,
      ),
    ).toEqual([]);
    expect(
      outlierJudges(
        [
          { judgeId: 1, total: 10 },
          { judgeId: 2, total: 40 },
          { judgeId: 3, total: null },
        ],
        40,
      ),
    ).toEqual([]);
  });
});
