import type { AdvanceRule } from "#db/types";

import { type AdvanceCandidate, proposeAdvance } from "./results/advance";
import { type RoutedEntry, routeEntry, type SeasonRound } from "./season";

/*
 * Advancement from one round into the next step (app/domain/season.ts), which may hold several
 * rounds in parallel: seventeen heats after a selection round, two galas after the heats.
 * - Each round of the next step takes by its own intake rule (top N per section, or a score
 *   threshold) when it has one, else by the feeding round's advance rule; a section of every
 *   feeding heat is judged alone, so "top 3" means the best three of each heat's section.
 * - Which round of the step an entry may go to: by default the one routing gives it (catchment by
 *   town, then region, then the step's catch-all), so an entry is in at most one round per step.
 *   When the event allows several rounds per step, every round whose catchment takes the entry
 *   (or that has none) may take it, each by its own rule.
 */

export interface StepRound extends SeasonRound {
  /** The round's own intake rule; null = the feeding round's advance rule. */
  intakeRule: Exclude<AdvanceRule, "none"> | null;
  intakeValue: number | null;
}

export interface FeedingRule {
  advanceRule: AdvanceRule;
  advanceValue: number | null;
}

export type PlacedCandidate = AdvanceCandidate & RoutedEntry;

/** The rule a round of the next step takes entries from a feeding round by. */
export function intakeOf(round: StepRound, feeding: FeedingRule): FeedingRule {
  return round.intakeRule === null ? feeding : { advanceRule: round.intakeRule, advanceValue: round.intakeValue };
}

const normalTown = (town: string) => town.trim().toLocaleLowerCase("ru");

/** Whether a round's catchment takes the entry: it has none, or names the entry's town or region. */
export function catchmentTakes(round: SeasonRound, entry: RoutedEntry): boolean {
  if (round.regions.length === 0 && round.towns.length === 0) return true;
  if (entry.town && round.towns.some((t) => normalTown(t) === normalTown(entry.town!))) return true;
  return entry.region !== null && round.regions.includes(entry.region);
}

/**
 * The rounds of the step an entry may go to: the one routing gives, or (several allowed) every one
 * whose catchment takes it.
 */
export function roundsOpenTo(entry: RoutedEntry, step: readonly SeasonRound[], several: boolean): number[] {
  // A step of one round takes everyone, as routing does.
  if (several && step.length > 1) return step.filter((r) => catchmentTakes(r, entry)).map((r) => r.id);
  const routed = routeEntry({ ...entry, movedTo: null }, step);
  return routed === null ? [] : [routed];
}

/**
 * What each round of the next step is proposed from one section of a feeding round: round id →
 * entry ids, best first. Without `several`, no entry is proposed for two rounds of the step.
 */
export function proposeIntoStep(
  section: readonly PlacedCandidate[],
  step: readonly StepRound[],
  feeding: FeedingRule,
  several: boolean,
): Map<number, number[]> {
  const open = new Map(section.map((c) => [c.entryId, new Set(roundsOpenTo(c, step, several))]));
  const proposed = new Map<number, number[]>();
  for (const round of step) {
    const rule = intakeOf(round, feeding);
    const candidates = section.filter((c) => open.get(c.entryId)!.has(round.id));
    proposed.set(round.id, proposeAdvance(candidates, rule.advanceRule, rule.advanceValue));
  }
  return proposed;
}
