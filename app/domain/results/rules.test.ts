import { describe, expect, it } from "vitest";

import { DEFAULT_RULES, resolveRules, type Rules } from "./rules";

describe("an event's scoring rules", () => {
  it("default to the mean, median → first criterion → chair, shared places and awards by rank", () => {
    expect(resolveRules({})).toEqual({
      aggregation: "mean",
      tieBreaks: ["median", "first_criterion", "chair"],
      sharedPlaces: true,
      awardMode: "rank",
      bands: [
        { award: "laureate_1", minPercent: 90 },
        { award: "laureate_2", minPercent: 85 },
        { award: "laureate_3", minPercent: 80 },
        { award: "diplomant_1", minPercent: 75 },
        { award: "diplomant_2", minPercent: 70 },
        { award: "diplomant_3", minPercent: 65 },
      ],
      grandPrixAcrossAgeGroups: false,
      grandPrixMinPercent: null,
    });
    expect(resolveRules(null)).toEqual(resolveRules(undefined));
  });

  it("keep what the event chose, including an empty tie-break chain and no shared places", () => {
    const chosen: Rules = {
      aggregation: "trimmed_mean",
      tieBreaks: [],
      sharedPlaces: false,
      awardMode: "bands",
      bands: [{ award: "laureate_1", minPercent: 95 }],
      grandPrixAcrossAgeGroups: true,
      grandPrixMinPercent: 95,
    };
    expect(resolveRules(structuredClone(chosen))).toEqual(chosen);
  });

  it("fall back key by key when a stored value is unusable", () => {
    const rules = resolveRules({
      aggregation: "max" as never,
      tieBreaks: ["median", "median"],
      sharedPlaces: "yes" as never,
      bands: [{ award: "gold" as never, minPercent: 1 }],
    });
    expect(rules).toEqual(DEFAULT_RULES);
  });

  it("do not share the defaults' arrays with the caller", () => {
    resolveRules({}).tieBreaks.push("mean");
    expect(resolveRules({}).tieBreaks).toEqual(["median", "first_criterion", "chair"]);
  });
});
