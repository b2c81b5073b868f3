import type { Aggregation, Award, ScoringRules, TieBreak } from "#db/types";

export type { Aggregation, Award, ScoringRules, TieBreak };

/** The awards a score band can give (the Grand Prix is chosen, a participation certificate is the floor). */
export type BandAward = Exclude<Award, "grand_prix" | "participant">;
export const BAND_AWARDS = [
  "laureate_1",
  "laureate_2",
  "laureate_3",
  "diplomant_1",
  "diplomant_2",
  "diplomant_3",
] as const satisfies readonly BandAward[];

/** Every award, best first. */
export const AWARDS = ["grand_prix", ...BAND_AWARDS, "participant"] as const satisfies readonly Award[];

export const AGGREGATIONS = ["mean", "trimmed_mean", "median"] as const satisfies readonly Aggregation[];
export const TIE_BREAKS = ["median", "mean", "first_criterion", "chair"] as const satisfies readonly TieBreak[];
export const AWARD_MODES = ["rank", "bands"] as const;
export type AwardMode = (typeof AWARD_MODES)[number];

export interface Band {
  award: BandAward;
  /** The lowest total, in percent of the maximum, that earns this award. */
  minPercent: number;
}

/** ScoringRules with every key filled in. */
export interface Rules {
  aggregation: Aggregation;
  tieBreaks: TieBreak[];
  sharedPlaces: boolean;
  awardMode: AwardMode;
  bands: Band[];
  grandPrixAcrossAgeGroups: boolean;
  /** The least total, in percent of the maximum, the Grand Prix needs (null: the jury's choice alone). */
  grandPrixMinPercent: number | null;
}

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze<Rules>({
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

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === "string" && (list as readonly string[]).includes(value);

/**
 * An event's stored rules (events.scoring, '{}' by default) completed with the defaults. A key
 * holding something unusable (an old or hand-edited value) falls back to its default rather than
 * breaking the computation; the settings form validates with scoringRulesSchema before saving.
 */
export function resolveRules(rules: ScoringRules | null | undefined): Rules {
  const r = (rules ?? {}) as Record<string, unknown>;
  const tieBreaks =
    Array.isArray(r.tieBreaks) &&
    r.tieBreaks.every((t) => isOneOf(TIE_BREAKS, t)) &&
    new Set(r.tieBreaks).size === r.tieBreaks.length
      ? [...(r.tieBreaks as TieBreak[])]
      : [...DEFAULT_RULES.tieBreaks];
  const bands =
    Array.isArray(r.bands) &&
    r.bands.every(
      (b) => b && isOneOf(BAND_AWARDS, b.award) && typeof b.minPercent === "number" && Number.isFinite(b.minPercent),
    )
      ? (r.bands as Band[])
          .map((b) => ({ award: b.award, minPercent: b.minPercent }))
          .sort((a, b) => b.minPercent - a.minPercent)
      : DEFAULT_RULES.bands.map((b) => ({ ...b }));
  return {
    aggregation: isOneOf(AGGREGATIONS, r.aggregation) ? r.aggregation : DEFAULT_RULES.aggregation,
    tieBreaks,
    sharedPlaces: typeof r.sharedPlaces === "boolean" ? r.sharedPlaces : DEFAULT_RULES.sharedPlaces,
    awardMode: isOneOf(AWARD_MODES, r.awardMode) ? r.awardMode : DEFAULT_RULES.awardMode,
    bands,
    grandPrixAcrossAgeGroups:
      typeof r.grandPrixAcrossAgeGroups === "boolean"
        ? r.grandPrixAcrossAgeGroups
        : DEFAULT_RULES.grandPrixAcrossAgeGroups,
    grandPrixMinPercent:
      typeof r.grandPrixMinPercent === "number" &&
      Number.isFinite(r.grandPrixMinPercent) &&
      r.grandPrixMinPercent >= 0 &&
      r.grandPrixMinPercent <= 100
        ? r.grandPrixMinPercent
        : DEFAULT_RULES.grandPrixMinPercent,
  };
}
