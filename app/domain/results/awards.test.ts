import { describe, expect, it } from "vitest";

import {
  applyGrandPrix,
  assignAwards,
  awardByPercent,
  awardByRank,
  type GrandPrixCandidate,
  validateGrandPrix,
} from "./awards";
import { DEFAULT_RULES } from "./rules";

describe("awards by rank", () => {
  it("gives Laureate I–III, Diplomant I–III, then a participation certificate", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 30].map(awardByRank)).toEqual([
      "laureate_1",
      "laureate_2",
      "laureate_3",
      "diplomant_1",
      "diplomant_2",
      "diplomant_3",
      "participant",
      "participant",
    ]);
  });

  it("gives no award to an entry without scores", () => {
    expect(awardByRank(null)).toBeNull();
  });

  it("gives shared places the same award (1, 1, 3 → Laureate I, I, III)", () => {
    const awards = assignAwards(
      [
        { entryId: 1, rank: 1, shared: true, needsChair: false },
        { entryId: 2, rank: 1, shared: true, needsChair: false },
        { entryId: 3, rank: 3, shared: false, needsChair: false },
        { entryId: 4, rank: null, shared: false, needsChair: false },
      ],
      new Map(),
      { awardMode: "rank", bands: [] },
    );
    expect([...awards]).toEqual([
      [1, "laureate_1"],
      [2, "laureate_1"],
      [3, "laureate_3"],
      [4, null],
    ]);
  });
});

describe("awards by score bands", () => {
  const bands = DEFAULT_RULES.bands;

  it("gives the first band the percentage reaches", () => {
    expect([100, 90, 89.9999, 85, 80, 75.5, 70, 65, 64.9999, 0].map((p) => awardByPercent(p, bands))).toEqual([
      "laureate_1",
      "laureate_1",
      "laureate_2",
      "laureate_2",
      "laureate_3",
      "diplomant_1",
      "diplomant_2",
      "diplomant_3",
      "participant",
      "participant",
    ]);
  });

  it("checks bands from the top whatever order they are listed in", () => {
    expect(
      awardByPercent(92, [
        { award: "laureate_2", minPercent: 80 },
        { award: "laureate_1", minPercent: 90 },
      ]),
    ).toBe("laureate_1");
  });

  it("gives no award without a score, and several Laureates I when several reach the band", () => {
    expect(awardByPercent(null, bands)).toBeNull();
    const awards = assignAwards(
      [
        { entryId: 1, rank: 1, shared: false, needsChair: false },
        { entryId: 2, rank: 2, shared: false, needsChair: false },
        { entryId: 3, rank: 3, shared: false, needsChair: false },
      ],
      new Map([
        [1, 95],
        [2, 91],
        [3, 50],
      ]),
      { awardMode: "bands", bands },
    );
    expect([...awards.values()]).toEqual(["laureate_1", "laureate_1", "participant"]);
  });
});

describe("the Grand Prix", () => {
  // Vocal, round 1: Aruzhan (7–10) and Dias (11–14) are each Laureate I of their age group.
  const candidates: GrandPrixCandidate[] = [
    { entryId: 1, ageGroupId: 10, award: "laureate_1" },
    { entryId: 2, ageGroupId: 10, award: "laureate_2" },
    { entryId: 3, ageGroupId: 11, award: "laureate_1" },
  ];

  it("goes only to a Laureate I of the same age group", () => {
    expect(validateGrandPrix(1, { ageGroupId: 10, acrossAgeGroups: false }, candidates)).toEqual({ ok: true });
    expect(validateGrandPrix(2, { ageGroupId: 10, acrossAgeGroups: false }, candidates)).toEqual({
      ok: false,
      reason: "not_laureate_1",
    });
    expect(validateGrandPrix(3, { ageGroupId: 10, acrossAgeGroups: false }, candidates)).toEqual({
      ok: false,
      reason: "other_age_group",
    });
    expect(validateGrandPrix(99, { ageGroupId: 10, acrossAgeGroups: false }, candidates)).toEqual({
      ok: false,
      reason: "unknown_entry",
    });
  });

  it("may go to a Laureate I of any age group when chosen across them", () => {
    expect(validateGrandPrix(3, { ageGroupId: null, acrossAgeGroups: true }, candidates)).toEqual({ ok: true });
    expect(validateGrandPrix(2, { ageGroupId: null, acrossAgeGroups: true }, candidates)).toEqual({
      ok: false,
      reason: "not_laureate_1",
    });
  });

  it("accepts the entry already holding it, and 'not awarded'", () => {
    expect(
      validateGrandPrix(1, { ageGroupId: 10, acrossAgeGroups: false }, [
        { entryId: 1, ageGroupId: 10, award: "grand_prix" },
      ]),
    ).toEqual({ ok: true });
    expect(validateGrandPrix(null, { ageGroupId: 10, acrossAgeGroups: false }, [])).toEqual({ ok: true });
  });

  it("turns the chosen Laureate I into the Grand Prix and leaves the rest", () => {
    const awards = new Map([
      [1, "laureate_1" as const],
      [2, "laureate_2" as const],
      [3, "laureate_1" as const],
    ]);
    expect([...applyGrandPrix(awards, 3)]).toEqual([
      [1, "laureate_1"],
      [2, "laureate_2"],
      [3, "grand_prix"],
    ]);
    expect(awards.get(3)).toBe("laureate_1");
  });

  it("leaves Laureate I as is without a choice, when not awarded, or when the choice no longer holds Laureate I", () => {
    const awards = new Map([
      [1, "laureate_1" as const],
      [2, "laureate_2" as const],
    ]);
    for (const choice of [undefined, null, 2, 99]) expect([...applyGrandPrix(awards, choice)]).toEqual([...awards]);
  });
});

describe("the Grand Prix's minimum score", () => {
  const candidates = [
    { entryId: 1, ageGroupId: 10, award: "laureate_1" as const, percent: 96 },
    { entryId: 2, ageGroupId: 10, award: "laureate_1" as const, percent: 88.5 },
    { entryId: 3, ageGroupId: 10, award: "laureate_1" as const, percent: null },
  ];
  const scope = { ageGroupId: 10, acrossAgeGroups: false, minPercent: 90 };

  it("refuses a Laureate I below the minimum, or not scored, and accepts one at or above it", () => {
    expect(validateGrandPrix(1, scope, candidates)).toEqual({ ok: true });
    expect(validateGrandPrix(2, scope, candidates)).toEqual({ ok: false, reason: "below_minimum" });
    expect(validateGrandPrix(3, scope, candidates)).toEqual({ ok: false, reason: "below_minimum" });
    expect(validateGrandPrix(2, { ...scope, minPercent: 88.5 }, candidates)).toEqual({ ok: true });
  });

  it("keeps the jury's choice without a minimum, and their choice not to award it with one", () => {
    expect(validateGrandPrix(2, { ...scope, minPercent: null }, candidates)).toEqual({ ok: true });
    expect(validateGrandPrix(null, scope, candidates)).toEqual({ ok: true });
  });

  it("leaves Laureate I in place when the chosen entry is below the minimum", () => {
    const awards = new Map([[2, "laureate_1" as const]]);
    const percents = new Map([[2, 88.5]]);
    expect(applyGrandPrix(awards, 2, { percents, minPercent: 90 }).get(2)).toBe("laureate_1");
    expect(applyGrandPrix(awards, 2, { percents, minPercent: 85 }).get(2)).toBe("grand_prix");
  });
});
