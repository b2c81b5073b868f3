import {
  aggregateTotals,
  type Criterion,
  type EntryAggregate,
  type JudgeSheet,
  type JudgeTotal,
  maximumTotal,
  sheetTotal,
} from "./aggregate";
import { applyGrandPrix, assignAwards } from "./awards";
import { rankEntries } from "./rank";
import type { Award, Rules } from "./rules";

export type SectionEntryInput = {
  entryId: number;
  /** The chair's recorded position among tied entries, if any. */
  chairPosition?: number | null;
} & (
  | {
      /** The sheets of the judges who may score this entry (panel members who are not recused). */
      sheets: JudgeSheet[];
    }
  | {
      /** The same judges' sheets reduced to their totals (as the database aggregates them). */
      totals: JudgeTotal[];
    }
);

export interface SectionInput {
  /** The nomination's criteria in order (position, then id). */
  criteria: readonly Criterion[];
  entries: readonly SectionEntryInput[];
  rules: Rules;
  /** The Grand Prix choice that applies to this section: an entry, null for "not awarded", undefined for none yet. */
  grandPrix?: number | null;
}

/** One row of a section's results (what the results table stores, plus needsChair). */
export interface SectionResult {
  entryId: number;
  total: number | null;
  percent: number | null;
  judgeCount: number;
  rank: number | null;
  shared: boolean;
  needsChair: boolean;
  award: Award | null;
}

export interface SectionOutcome {
  maximum: number;
  /** Best first, then the unranked (by entry id). */
  results: SectionResult[];
  aggregates: Map<number, EntryAggregate>;
}

/** Aggregates, ranks and awards one section (round × nomination × age group). */
export function computeSectionResults(input: SectionInput): SectionOutcome {
  const { criteria, rules } = input;
  const aggregates = new Map<number, EntryAggregate>();
  const maximum = maximumTotal(criteria);
  for (const e of input.entries) {
    const totals = "totals" in e ? e.totals : e.sheets.map((s) => sheetTotal(criteria, s));
    aggregates.set(e.entryId, aggregateTotals(e.entryId, maximum, totals, rules.aggregation));
  }
  const chair = new Map(input.entries.map((e) => [e.entryId, e.chairPosition ?? null]));
  const ranked = rankEntries(
    [...aggregates.values()].map((a) => ({ ...a, chairPosition: chair.get(a.entryId) })),
    rules,
  );
  const percents = new Map([...aggregates.values()].map((a) => [a.entryId, a.percent]));
  const awards = applyGrandPrix(assignAwards(ranked, percents, rules), input.grandPrix, {
    percents,
    minPercent: rules.grandPrixMinPercent,
  });
  return {
    maximum,
    aggregates,
    results: ranked.map((r) => {
      const a = aggregates.get(r.entryId)!;
      return {
        entryId: r.entryId,
        total: a.total,
        percent: a.percent,
        judgeCount: a.judgeCount,
        rank: r.rank,
        shared: r.shared,
        needsChair: r.needsChair,
        award: awards.get(r.entryId) ?? null,
      };
    }),
  };
}

/** Groups of entries holding the same rank (ties left after every tie-break), best first. */
export function tiedGroups<T extends { entryId: number; rank: number | null }>(results: readonly T[]): T[][] {
  const byRank = new Map<number, T[]>();
  for (const r of results) if (r.rank !== null) byRank.set(r.rank, [...(byRank.get(r.rank) ?? []), r]);
  return [...byRank.entries()]
    .filter(([, g]) => g.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([, g]) => g);
}
