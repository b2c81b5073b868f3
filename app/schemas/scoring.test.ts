import { describe, expect, it } from "vitest";

import { formDataToObject } from "~/forms/form-data";

import { scoringRulesSchema } from "./scoring";

const form = (fields: Record<string, string>) => formDataToObject(new URLSearchParams(fields));
const messages = (input: unknown) => {
  const r = scoringRulesSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the scoring rules form", () => {
  it("reads a posted form into complete rules", () => {
    const parsed = scoringRulesSchema.parse(
      form({
        aggregation: "trimmed_mean",
        "tieBreaks.0": "median",
        "tieBreaks.1": "",
        "tieBreaks.2": "chair",
        sharedPlaces: "on",
        awardMode: "bands",
        "bands.0.award": "laureate_1",
        "bands.0.minPercent": "92,5",
        "bands.1.award": "laureate_2",
        "bands.1.minPercent": "85",
        "bands.2.award": "",
        "bands.2.minPercent": "",
      }),
    );
    expect(parsed).toEqual({
      aggregation: "trimmed_mean",
      tieBreaks: ["median", "chair"],
      sharedPlaces: true,
      awardMode: "bands",
      bands: [
        { award: "laureate_1", minPercent: 92.5 },
        { award: "laureate_2", minPercent: 85 },
      ],
      grandPrixAcrossAgeGroups: false,
      grandPrixMinPercent: null,
    });
  });

  it("reads the Grand Prix's minimum score, empty as none, and refuses one above 100 %", () => {
    const rules = { aggregation: "mean", awardMode: "rank" };
    expect(scoringRulesSchema.parse({ ...rules, grandPrixMinPercent: "92,5" }).grandPrixMinPercent).toBe(92.5);
    expect(scoringRulesSchema.parse({ ...rules, grandPrixMinPercent: "" }).grandPrixMinPercent).toBeNull();
    expect(messages({ ...rules, grandPrixMinPercent: "101" })).toEqual(["grandPrixMinPercent: errors.tooBig"]);
  });

  it("refuses a tie-break listed twice", () => {
    expect(
      messages(form({ aggregation: "mean", awardMode: "rank", "tieBreaks.0": "median", "tieBreaks.1": "median" })),
    ).toEqual(["tieBreaks: results.rulesErrors.tieBreakTwice"]);
  });

  it("refuses bands that do not strictly decrease, or list a lesser award above a better one", () => {
    const bands = (a: [string, string][]) =>
      Object.fromEntries(
        a.flatMap(([award, p], i) => [
          [`bands.${i}.award`, award],
          [`bands.${i}.minPercent`, p],
        ]),
      );
    const bandErrors = (a: [string, string][]) =>
      messages(form({ aggregation: "mean", awardMode: "bands", ...bands(a) }));
    expect(
      bandErrors([
        ["laureate_1", "90"],
        ["laureate_2", "90"],
      ]),
    ).toEqual(["bands: results.rulesErrors.bandsOrder"]);
    expect(
      bandErrors([
        ["laureate_2", "90"],
        ["laureate_1", "80"],
      ]),
    ).toEqual(["bands: results.rulesErrors.bandsOrder"]);
    expect(bandErrors([["laureate_1", "101"]])).toEqual(["bands.0.minPercent: errors.tooBig"]);
    expect(bandErrors([["laureate_1", "-1"]])).toEqual(["bands.0.minPercent: errors.tooSmall"]);
    expect(
      bandErrors([
        ["laureate_1", ""],
        ["laureate_2", "80"],
      ]),
    ).toEqual(["bands.0.minPercent: errors.number"]);
  });

  it("needs at least one band to award by bands, and a known aggregation", () => {
    expect(messages(form({ aggregation: "mean", awardMode: "bands" }))).toEqual([
      "bands: results.rulesErrors.bandsRequired",
    ]);
    expect(messages(form({ aggregation: "max", awardMode: "rank" }))).toEqual(["aggregation: errors.choose"]);
  });

  it("accepts the stored JSON shape too", () => {
    expect(
      scoringRulesSchema.parse({
        aggregation: "median",
        tieBreaks: [],
        sharedPlaces: false,
        awardMode: "rank",
        bands: [],
        grandPrixAcrossAgeGroups: true,
      }),
    ).toMatchObject({ sharedPlaces: false, grandPrixAcrossAgeGroups: true });
  });
});
