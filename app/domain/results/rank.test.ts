import { describe, expect, it } from "vitest";

import { rankEntries, type RankInput } from "./rank";
import type { TieBreak } from "./rules";

const entry = (entryId: number, total: number | null, more: Partial<RankInput> = {}): RankInput => ({
  entryId,
  total,
  median: total,
  mean: total,
  firstCriterion: null,
  ...more,
});
const rules = (tieBreaks: TieBreak[], sharedPlaces = true) => ({ tieBreaks, sharedPlaces });
const places = (ranked: ReturnType<typeof rankEntries>) =>
  ranked.map((r) => [r.entryId, r.rank, r.shared ? "shared" : r.needsChair ? "chair" : ""]);

describe("ranking a section", () => {
  it("orders by total, higher first, and leaves entries without a total unranked", () => {
    const ranked = rankEntries([entry(1, 30), entry(2, null), entry(3, 36), entry(4, 33)], rules([]));
    expect(places(ranked)).toEqual([
      [3, 1, ""],
      [4, 2, ""],
      [1, 3, ""],
      [2, null, ""],
    ]);
  });

  it("breaks a tie by the higher median of the judges' totals", () => {
    // Both average 32: A's judges gave 30, 30, 36 (median 30), B's 32, 32, 32 (median 32).
    const a = entry(1, 32, { median: 30 });
    const b = entry(2, 32, { median: 32 });
    expect(places(rankEntries([a, b, entry(3, 31)], rules(["median"])))).toEqual([
      [2, 1, ""],
      [1, 2, ""],
      [3, 3, ""],
    ]);
  });

  it("breaks a tie by the plain mean (for a median-aggregated event)", () => {
    expect(places(rankEntries([entry(1, 33, { mean: 31 }), entry(2, 33, { mean: 32.5 })], rules(["mean"])))).toEqual([
      [2, 1, ""],
      [1, 2, ""],
    ]);
  });

  it("moves on to the first criterion when the median is also equal", () => {
    const ranked = rankEntries(
      [entry(1, 32, { median: 32, firstCriterion: 8 }), entry(2, 32, { median: 32, firstCriterion: 9 })],
      rules(["median", "first_criterion", "chair"]),
    );
    expect(places(ranked)).toEqual([
      [2, 1, ""],
      [1, 2, ""],
    ]);
  });

  it("applies the tie-breaks in the order the event lists them", () => {
    const a = entry(1, 32, { median: 33, firstCriterion: 7 });
    const b = entry(2, 32, { median: 31, firstCriterion: 9 });
    expect(rankEntries([a, b], rules(["median", "first_criterion"]))[0]!.entryId).toBe(1);
    expect(rankEntries([a, b], rules(["first_criterion", "median"]))[0]!.entryId).toBe(2);
  });

  it("follows the chair's recorded order, lower position first", () => {
    const ranked = rankEntries(
      [entry(1, 32, { chairPosition: 2 }), entry(2, 32, { chairPosition: 1 }), entry(3, 40)],
      rules(["median", "chair"], false),
    );
    expect(places(ranked)).toEqual([
      [3, 1, ""],
      [2, 2, ""],
      [1, 3, ""],
    ]);
  });

  it("keeps the whole group tied when the chair has not placed every entry of it", () => {
    const ranked = rankEntries(
      [entry(1, 32, { chairPosition: 1 }), entry(2, 32), entry(3, 32, { chairPosition: 2 })],
      rules(["chair"], false),
    );
    expect(places(ranked)).toEqual([
      [1, 1, "chair"],
      [2, 1, "chair"],
      [3, 1, "chair"],
    ]);
  });

  it("shares places when every tie-break is exhausted and the rules allow it (1, 1, 3)", () => {
    const ranked = rankEntries(
      [entry(1, 32), entry(2, 40), entry(3, 32), entry(4, 30)],
      rules(["median", "first_criterion", "chair"]),
    );
    expect(places(ranked)).toEqual([
      [2, 1, ""],
      [1, 2, "shared"],
      [3, 2, "shared"],
      [4, 4, ""],
    ]);
  });

  it("asks for the chair instead when shared places are not allowed, holding the rank provisionally", () => {
    const ranked = rankEntries([entry(1, 40), entry(2, 40), entry(3, 30)], rules(["median"], false));
    expect(places(ranked)).toEqual([
      [1, 1, "chair"],
      [2, 1, "chair"],
      [3, 3, ""],
    ]);
  });

  it("ignores the chair's positions when the chain does not include the chair", () => {
    const ranked = rankEntries(
      [entry(1, 40, { chairPosition: 2 }), entry(2, 40, { chairPosition: 1 })],
      rules(["median"]),
    );
    expect(places(ranked)).toEqual([
      [1, 1, "shared"],
      [2, 1, "shared"],
    ]);
  });

  it("treats totals equal to 4 decimals as a tie", () => {
    const ranked = rankEntries([entry(1, 0.1 + 0.2), entry(2, 0.3), entry(3, 0.30004)], rules([]));
    expect(places(ranked)).toEqual([
      [1, 1, "shared"],
      [2, 1, "shared"],
      [3, 1, "shared"],
    ]);
    expect(places(rankEntries([entry(1, 0.3), entry(2, 0.3001)], rules([])))).toEqual([
      [2, 1, ""],
      [1, 2, ""],
    ]);
  });

  it("ranks an entry with a missing tie-break figure after one that has it", () => {
    const ranked = rankEntries(
      [entry(1, 32, { firstCriterion: null }), entry(2, 32, { firstCriterion: 5 })],
      rules(["first_criterion"]),
    );
    expect(places(ranked)).toEqual([
      [2, 1, ""],
      [1, 2, ""],
    ]);
  });
});
