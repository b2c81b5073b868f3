export {
  AGGREGATIONS, AWARDS, AWARD_MODES, BAND_AWARDS, DEFAULT_RULES, TIE_BREAKS, resolveRules,
  type Aggregation, type Award, type AwardMode, type Band, type BandAward, type Rules, type ScoringRules, type TieBreak,
} from "./rules";
export {
  DECIMALS, aggregateEntry, combine, judgeTotal, maximumTotal, mean, median, round4, trimmedMean,
  type Criterion, type EntryAggregate, type JudgeSheet,
} from "./aggregate";
export { rankEntries, type RankInput, type Ranked } from "./rank";
export {
  applyGrandPrix, assignAwards, awardByPercent, awardByRank, validateGrandPrix,
  type GrandPrixCandidate, type GrandPrixCheck,
} from "./awards";
export { OUTLIER_MIN_JUDGES, OUTLIER_SHARE_OF_MAXIMUM, outlierJudges } from "./outliers";
export { computeSectionResults, tiedGroups, type SectionEntryInput, type SectionInput, type SectionOutcome, type SectionResult } from "./section";
