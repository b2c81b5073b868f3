import { describe, expect, it } from "vitest";

import type { Criterion, JudgeSheet } from "./aggregate";
import { resolveRules } from "./rules";
import { computeSectionResults, tiedGroups } from "./section";

const criteria: Criterion[] = [
  { id: 1, max: 10, weight: 1 },
  { id: 2, max: 10, weight: 1 },
];
const sheet = (judgeId: number, a?: number, b?: number): JudgeSheet => ({
  judgeId,
  values: new Map([
    ...(a === undefined ? [] : [[1, a] as [number, number]]),
    ...(b === undefined ? [] : [[2, b] as [number, number]]),
  ]),
});

describe("computing a section", () => {
  it("aggregates, ranks, awards and gives the Grand Prix", () => {
    // Maximum 20. Entry 1: 18, 19, 17 → 18. Entry 2: 18, 18, 18 → 18 (median 18 = 18: tie → first criterion 9 vs 8.67).
    // Entry 3: judge 3 recused, 15 and 17 → 16. Entry 4: judge 2's sheet incomplete, 10 and 12 → 11. Entry 5: nothing.
    const outcome = computeSectionResults({
      criteria,
      rules: resolveRules({}),
      grandPrix: 2,
      entries: [
        { entryId: 1, sheets: [sheet(1, 9, 9), sheet(2, 9, 10), sheet(3, 8, 9)] },
        { entryId: 2, sheets: [sheet(1, 9, 9), sheet(2, 9, 9), sheet(3, 9, 9)] },
        { entryId: 3, sheets: [sheet(1, 7, 8), sheet(2, 8, 9)] },
        { entryId: 4, sheets: [sheet(1, 5, 5), sheet(2, 6), sheet(3, 6, 6)] },
        { entryId: 5, sheets: [] },
      ],
    });
    expect(outcome.maximum).toBe(20);
    expect(
      outcome.results.map((r) => [r.entryId, r.total, r.percent, r.judgeCount, r.rank, r.shared, r.award]),
    ).toEqual([
      [2, 18, 90, 3, 1, false, "grand_prix"],
      [1, 18, 90, 3, 2, false, "laureate_2"],
      [3, 16, 80, 2, 3, false, "laureate_3"],
      [4, 11, 55, 2, 4, false, "diplomant_1"],
      [5, null, null, 0, null, false, null],
    ]);
    expect(outcome.aggregates.get(4)!.incompleteJudges).toEqual([2]);
  });

  it("awards no Grand Prix below the scoring rules' minimum, whatever the jury chose", () => {
    // Maximum 20: entry 1 scores 18 (90 %), entry 2 scores 16 (80 %); both chosen in turn.
    const entries = [
      { entryId: 1, sheets: [sheet(1, 9, 9)] },
      { entryId: 2, sheets: [sheet(1, 8, 8)] },
    ];
    const awardOf = (grandPrix: number, minPercent: number | null) =>
      computeSectionResults({
        criteria,
        rules: resolveRules({ grandPrixMinPercent: minPercent }),
        grandPrix,
        entries,
      }).results.find((r) => r.entryId === grandPrix)!.award;
    expect(awardOf(1, 95)).toBe("laureate_1");
    expect(awardOf(1, 90)).toBe("grand_prix");
    expect(awardOf(1, null)).toBe("grand_prix");
  });

  it("uses the chair's order for a tie nothing else breaks, and reports the ties still open", () => {
    const entries = [
      { entryId: 1, sheets: [sheet(1, 9, 9)] },
      { entryId: 2, sheets: [sheet(1, 9, 9)] },
      { entryId: 3, sheets: [sheet(1, 5, 5)] },
    ];
    const rules = resolveRules({ sharedPlaces: false });
    const open = computeSectionResults({ criteria, rules, entries });
    expect(open.results.map((r) => [r.entryId, r.rank, r.needsChair, r.award])).toEqual([
      [1, 1, true, "laureate_1"],
      [2, 1, true, "laureate_1"],
      [3, 3, false, "laureate_3"],
    ]);
    expect(tiedGroups(open.results).map((g) => g.map((r) => r.entryId))).toEqual([[1, 2]]);
    const decided = computeSectionResults({
      criteria,
      rules,
      entries: entries.map((e) => ({ ...e, chairPosition: e.entryId === 2 ? 1 : e.entryId === 1 ? 2 : null })),
    });
    expect(decided.results.map((r) => [r.entryId, r.rank, r.needsChair, r.award])).toEqual([
      [2, 1, false, "laureate_1"],
      [1, 2, false, "laureate_2"],
      [3, 3, false, "laureate_3"],
    ]);
    expect(tiedGroups(decided.results)).toEqual([]);
  });

  it("awards by bands when the event says so, whatever the rank", () => {
    // 18 (90%) and 18 (90%: second on the first criterion) are both Laureate I; 12 (60%) is below every band.
    const outcome = computeSectionResults({
      criteria,
      rules: resolveRules({ awardMode: "bands" }),
      entries: [
        { entryId: 1, sheets: [sheet(1, 10, 8)] },
        { entryId: 2, sheets: [sheet(1, 9, 9)] },
        { entryId: 3, sheets: [sheet(1, 6, 6)] },
      ],
    });
    expect(outcome.results.map((r) => [r.entryId, r.rank, r.shared, r.award])).toEqual([
      [1, 1, false, "laureate_1"],
      [2, 2, false, "laureate_1"],
      [3, 3, false, "participant"],
    ]);
  });
});
