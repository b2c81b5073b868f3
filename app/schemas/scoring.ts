import { z } from "zod";

import { AGGREGATIONS, AWARD_MODES, BAND_AWARDS, TIE_BREAKS } from "~/domain/results";

/** An HTML checkbox posts "on" when ticked and nothing when not; JSON posts booleans. */
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

const percent = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim().replace(",", "."))) : v),
  z.number({ error: "errors.number" }).min(0, "errors.tooSmall").max(100, "errors.tooBig"),
);

// Unused rows of the form (an empty select, a band without an award) are dropped before checking.
const tieBreaks = z.preprocess(
  (v) => (Array.isArray(v) ? v.filter((t) => t !== "" && t !== undefined && t !== null) : v),
  z
    .array(z.enum(TIE_BREAKS, { error: "errors.choose" }))
    .max(TIE_BREAKS.length, "errors.tooMany")
    .refine((list) => new Set(list).size === list.length, "results.rulesErrors.tieBreakTwice"),
);

const bands = z.preprocess(
  (v) =>
    Array.isArray(v)
      ? v.filter(
          (b) =>
            b &&
            typeof b === "object" &&
            !(
              ((b as Record<string, unknown>).award ?? "") === "" &&
              ((b as Record<string, unknown>).minPercent ?? "") === ""
            ),
        )
      : v,
  z
    .array(z.object({ award: z.enum(BAND_AWARDS, { error: "errors.choose" }), minPercent: percent }))
    .max(BAND_AWARDS.length, "errors.tooMany")
    // Better awards need strictly more points: Laureate I's band above Laureate II's, and so on.
    .refine(
      (list) =>
        list.every(
          (b, i) =>
            i === 0 ||
            (BAND_AWARDS.indexOf(b.award) > BAND_AWARDS.indexOf(list[i - 1]!.award) &&
              b.minPercent < list[i - 1]!.minPercent),
        ),
      "results.rulesErrors.bandsOrder",
    ),
);

/**
 * An event's scoring rules (events.scoring) as the settings form posts them and the action checks
 * them: aggregation, tie-break chain (each at most once, in order), shared places, award mode,
 * score bands (awards best first with strictly decreasing percentages, 0–100) and the Grand Prix
 * scope. Field names: aggregation, tieBreaks.0…3, sharedPlaces, awardMode, bands.N.award,
 * bands.N.minPercent, grandPrixAcrossAgeGroups, grandPrixMinPercent (empty: none). An unticked checkbox posts nothing and reads as
 * false, so render the checkboxes from resolveRules(stored) (sharedPlaces defaults to true).
 */
export const scoringRulesSchema = z
  .object({
    aggregation: z.enum(AGGREGATIONS, { error: "errors.choose" }),
    tieBreaks: tieBreaks.default([]),
    sharedPlaces: checkbox,
    awardMode: z.enum(AWARD_MODES, { error: "errors.choose" }),
    bands: bands.default([]),
    grandPrixAcrossAgeGroups: checkbox,
    // Empty: no minimum, the jury's choice alone decides.
    grandPrixMinPercent: z
      .preprocess((v) => (v === "" || v === undefined ? null : v), percent.nullable())
      .default(null),
  })
  .refine((r) => r.awardMode !== "bands" || r.bands.length > 0, {
    message: "results.rulesErrors.bandsRequired",
    path: ["bands"],
  });

export type ScoringRulesFormValues = z.input<typeof scoringRulesSchema>;
/** Complete rules (a Rules of app/domain/results), ready to store as events.scoring (JSON.stringify). */
export type ScoringRulesData = z.output<typeof scoringRulesSchema>;
