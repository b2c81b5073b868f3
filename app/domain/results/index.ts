export {
  aggregateEntry,
  aggregateTotals,
  combine,
  type Criterion,
  DECIMALS,
  type EntryAggregate,
  type JudgeSheet,
  type JudgeTotal,
  judgeTotal,
  maximumTotal,
  mean,
  median,
  round4,
  sheetTotal,
  trimmedMean,
} from "./aggregate";
export {
  applyGrandPrix,
  assignAwards,
  awardByPercent,
  awardByRank,
  type GrandPrixCandidate,
  type GrandPrixCheck,
  reachesGrandPrixMinimum,
  validateGrandPrix,
} from "./awards";
export { OUTLIER_MIN_JUDGES, OUTLIER_SHARE_OF_MAXIMUM, outlierJudges } from "./outliers";
export { type Ranked, rankEntries, type RankInput } from "./rank";
export {
  type Aggregation,
  AGGREGATIONS,
  type Award,
  AWARD_MODES,
  type AwardMode,
  AWARDS,
  type Band,
  BAND_AWARDS,
  type BandAward,
  DEFAULT_RULES,
  resolveRules,
  type Rules,
  type ScoringRules,
  TIE_BREAKS,
  type TieBreak,
} from "./rules";
export {
  computeSectionResults,
  type SectionEntryInput,
  type SectionInput,
  type SectionOutcome,
  type SectionResult,
  tiedGroups,
} from "./section";
