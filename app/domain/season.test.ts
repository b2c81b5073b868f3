import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { OBLYS, type Region, REGIONS } from "./regions";
import { catchmentClashes, nextRounds, routeEntry, type SeasonRound, steps } from "./season";

const selection: SeasonRound = { id: 1, step: 1, regions: [], towns: [] };
const south: SeasonRound = { id: 10, step: 2, regions: ["almaty", "almaty_region", "jetisu"], towns: [] };
const abai: SeasonRound = { id: 11, step: 2, regions: ["abai", "east_kazakhstan"], towns: [] };
const ekibastuz: SeasonRound = { id: 12, step: 2, regions: [], towns: ["ekibastuz"] };
const rest: SeasonRound = { id: 13, step: 2, regions: [], towns: [] };
const galaAlmaty: SeasonRound = { id: 20, step: 3, regions: ["almaty", "almaty_region", "jetisu"], towns: [] };
const galaAstana: SeasonRound = { id: 21, step: 3, regions: [], towns: [] };
const season = [galaAstana, south, selection, abai, ekibastuz, rest, galaAlmaty];

describe("a season's rounds as steps", () => {
  test("rounds that share a step run in parallel, steps in order", () => {
    expect(steps(season).map((s) => s.map((r) => r.id))).toEqual([[1], [10, 11, 12, 13], [20, 21]]);
    expect(nextRounds(season, 1).map((r) => r.id)).toEqual([10, 11, 12, 13]);
    expect(nextRounds(season, 11).map((r) => r.id)).toEqual([20, 21]);
    expect(nextRounds(season, 21)).toEqual([]);
    expect(nextRounds(season, 999)).toEqual([]);
  });
});

describe("routing an entry to its heat", () => {
  const heats = steps(season)[1]!;
  test("by town first, then region, then the catch-all round", () => {
    expect(routeEntry({ region: "pavlodar", town: "ekibastuz" }, heats)).toBe(12);
    expect(routeEntry({ region: "pavlodar", town: " Ekibastuz " }, heats)).toBe(12);
    expect(routeEntry({ region: "abai", town: "semey" }, heats)).toBe(11);
    expect(routeEntry({ region: "jetisu", town: "Ушарал" }, heats)).toBe(10);
    expect(routeEntry({ region: "mangystau", town: "aktau" }, heats)).toBe(13);
    expect(routeEntry({ region: null, town: null }, heats)).toBe(13);
  });

  test("an organiser's move wins, if it names a round of the step", () => {
    expect(routeEntry({ region: "abai", town: "semey", movedTo: 10 }, heats)).toBe(10);
    expect(routeEntry({ region: "abai", town: "semey", movedTo: 20 }, heats)).toBe(11);
  });

  test("a single round takes everyone; without a catch-all an unknown place is unrouted", () => {
    expect(routeEntry({ region: null, town: null }, [selection])).toBe(1);
    expect(routeEntry({ region: "mangystau", town: null }, [south, abai])).toBeNull();
    expect(routeEntry({ region: "abai", town: null }, [])).toBeNull();
  });

  test("every entry lands in exactly one heat of a step without clashes, whatever its place", () => {
    const region = fc.option(fc.constantFrom(...REGIONS), { nil: null });
    const catchments = fc.shuffledSubarray([...OBLYS]).chain((regions) =>
      fc.integer({ min: 1, max: Math.max(1, regions.length) }).map((parts) => {
        const rounds: SeasonRound[] = [];
        for (let i = 0; i < parts; i++)
          rounds.push({
            id: 100 + i,
            step: 2,
            regions: regions.filter((_, j) => j % parts === i) as Region[],
            towns: [],
          });
        return rounds;
      }),
    );
    fc.assert(
      fc.property(catchments, region, fc.boolean(), (rounds, r, catchAll) => {
        const step = catchAll ? [...rounds, { id: 999, step: 2, regions: [], towns: [] }] : rounds;
        fc.pre(catchmentClashes(step).length === 0);
        const to = routeEntry({ region: r, town: null }, step);
        if (step.length === 1) expect(to).toBe(step[0]!.id);
        else if (r !== null && step.some((s) => s.regions.includes(r)))
          expect(step.find((s) => s.id === to)!.regions).toContain(r);
        else expect(to).toBe(catchAll ? 999 : null);
      }),
    );
  });
});

describe("catchment clashes", () => {
  test("two parallel rounds open to one region or town, or two catch-alls, are reported", () => {
    expect(catchmentClashes(season)).toEqual([]);
    const clash = { ...abai, id: 14, regions: ["jetisu" as const] };
    expect(catchmentClashes([...season, clash])).toEqual([{ step: 2, place: "region:jetisu", roundIds: [10, 14] }]);
    expect(catchmentClashes([...season, { ...rest, id: 15 }])).toEqual([{ step: 2, place: "*", roundIds: [13, 15] }]);
    expect(catchmentClashes([...season, { ...rest, id: 16, towns: ["Ekibastuz"] }])).toEqual([
      { step: 2, place: "town:ekibastuz", roundIds: [12, 16] },
    ]);
    // Rounds of different steps may share a catchment: a region's heat and its gala.
    expect(catchmentClashes([south, galaAlmaty])).toEqual([]);
  });
});
