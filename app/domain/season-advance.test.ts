import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { type Region, REGIONS } from "./regions";
import { catchmentTakes, type PlacedCandidate, proposeIntoStep, roundsOpenTo, type StepRound } from "./season-advance";

const gala = (id: number, regions: Region[], rule: StepRound["intakeRule"] = null, value: number | null = null) =>
  ({ id, step: 3, regions, towns: [], intakeRule: rule, intakeValue: value }) satisfies StepRound;
const almaty = gala(20, ["almaty", "almaty_region", "jetisu", "turkistan", "shymkent"], "top_n", 2);
const astana = gala(21, [], "min_score", 80);
const heatRule = { advanceRule: "top_n" as const, advanceValue: 1 };

const placed = (entryId: number, rank: number | null, percent: number | null, region: Region | null) =>
  ({ entryId, rank, percent, region, town: null }) satisfies PlacedCandidate;

describe("advancing a heat's section into parallel galas", () => {
  // One heat's section: places 1, 2, 2, 4 from the south and the north.
  const section = [
    placed(1, 1, 95, "almaty"),
    placed(2, 2, 90, "akmola"),
    placed(3, 2, 90, "jetisu"),
    placed(4, 4, 70, "almaty"),
  ];

  test("each gala by its own rule, each entry into the gala routing gives it", () => {
    const proposed = proposeIntoStep(section, [almaty, astana], heatRule, false);
    expect(proposed.get(20)).toEqual([1, 3]);
    expect(proposed.get(21)).toEqual([2]);
  });

  test("with several rounds per step allowed, an entry goes into every gala whose catchment and rule take it", () => {
    const proposed = proposeIntoStep(section, [almaty, astana], heatRule, true);
    expect(proposed.get(20)).toEqual([1, 3]);
    expect(proposed.get(21)).toEqual([1, 2, 3]);
  });

  test("a gala without an intake rule takes by the heat's own advance rule", () => {
    const proposed = proposeIntoStep(section, [gala(22, [])], heatRule, false);
    expect(proposed.get(22)).toEqual([1]);
  });

  test("an entry no catchment takes is proposed for no round (the organiser picks)", () => {
    const north = gala(23, ["akmola"], "top_n", 5);
    const south = gala(24, ["almaty"], "top_n", 5);
    expect(proposeIntoStep(section, [north, south], heatRule, false).get(23)).toEqual([2]);
    expect(roundsOpenTo({ region: "abroad", town: null }, [north, south], false)).toEqual([]);
    expect(roundsOpenTo({ region: "abroad", town: null }, [north, south], true)).toEqual([]);
    // A step of one round takes everyone, as routing does.
    expect(roundsOpenTo({ region: "abroad", town: null }, [north], true)).toEqual([23]);
  });

  test("a catchment by town takes a town typed in another case", () => {
    const round = { id: 1, step: 2, regions: [], towns: ["Ақсу"] };
    expect(catchmentTakes(round, { region: "pavlodar", town: " ақсу " })).toBe(true);
    expect(catchmentTakes(round, { region: "pavlodar", town: "Павлодар" })).toBe(false);
  });
});

const region = fc.constantFrom(...REGIONS);
const candidate = fc.record({
  rank: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
  percent: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  region: fc.option(region, { nil: null }),
  town: fc.constant(null),
});
const sectionArb = fc
  .array(candidate, { maxLength: 30 })
  .map((rows) => rows.map((r, i) => ({ ...r, entryId: i + 1 }) as PlacedCandidate));
const stepArb = fc
  .array(
    fc.record({
      regions: fc.uniqueArray(region, { maxLength: 4 }),
      intakeRule: fc.constantFrom("top_n" as const, "min_score" as const, null),
      intakeValue: fc.integer({ min: 0, max: 100 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((rounds) => rounds.map((r, i): StepRound => ({ ...r, id: 100 + i, step: 2, towns: [] })));

describe("properties of advancing into a step", () => {
  test("without several rounds per step, no entry is proposed for two rounds of the step", () => {
    fc.assert(
      fc.property(sectionArb, stepArb, (section, step) => {
        const proposed = [...proposeIntoStep(section, step, heatRule, false).values()].flat();
        expect(new Set(proposed).size).toBe(proposed.length);
      }),
    );
  });

  test("every proposed entry meets the rule of the round it goes to and is open to it", () => {
    fc.assert(
      fc.property(sectionArb, stepArb, fc.boolean(), (section, step, several) => {
        for (const [roundId, ids] of proposeIntoStep(section, step, heatRule, several)) {
          const round = step.find((r) => r.id === roundId)!;
          for (const id of ids) {
            const c = section.find((s) => s.entryId === id)!;
            expect(roundsOpenTo(c, step, several)).toContain(roundId);
            if ((round.intakeRule ?? "top_n") === "top_n")
              expect(c.rank).toBeLessThanOrEqual(round.intakeRule ? round.intakeValue! : 1);
            else expect(c.percent! + 1e-9).toBeGreaterThanOrEqual(round.intakeValue!);
          }
        }
      }),
    );
  });

  test("allowing several rounds per step only ever adds proposals", () => {
    fc.assert(
      fc.property(sectionArb, stepArb, (section, step) => {
        const one = proposeIntoStep(section, step, heatRule, false);
        const many = proposeIntoStep(section, step, heatRule, true);
        for (const [roundId, ids] of one) expect(many.get(roundId)).toEqual(expect.arrayContaining(ids));
      }),
    );
  });
});
