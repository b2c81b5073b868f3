import type { Region } from "./regions";

/*
 * A season's rounds as a graph rather than a chain (groundwork for regional heats). Rounds that
 * share a step run in parallel: a selection round (step 1), seventeen regional heats (step 2), two
 * galas (step 3). Where a step has several rounds, each is open to a catchment, some regions
 * and/or some towns, or to everyone left (no catchment), and an entry goes to exactly one of them:
 * - the round the organiser put it in, if any (a move is recorded and wins);
 * - else the round open to the entry's town;
 * - else the round open to its region;
 * - else the step's round with no catchment;
 * - else none: the organiser is shown the entry as unrouted rather than Toi guessing.
 * Two rounds of one step open to the same town or region are a setup error that `catchmentClashes`
 * reports, so routing never depends on the order rounds were saved in.
 */

export interface SeasonRound {
  id: number;
  /** Rounds with the same step run in parallel; a later step follows. */
  step: number;
  /** Regions whose entries this round takes when its step has several rounds; empty = no catchment by region. */
  regions: readonly Region[];
  /** Towns (city codes, or names as typed) whose entries it takes. */
  towns: readonly string[];
}

export interface RoutedEntry {
  /** The entry's region: its club's, else its family's; null when unknown. */
  region: Region | null;
  /** The entry's town code or typed name; null when unknown. */
  town: string | null;
  /** The round of this step the organiser moved it to, if any. */
  movedTo?: number | null;
}

/** The steps of a season in order, each with its rounds (by id). */
export function steps(rounds: readonly SeasonRound[]): SeasonRound[][] {
  const byStep = new Map<number, SeasonRound[]>();
  for (const r of rounds) byStep.set(r.step, [...(byStep.get(r.step) ?? []), r]);
  return [...byStep.entries()].sort(([a], [b]) => a - b).map(([, rs]) => rs.sort((a, b) => a.id - b.id));
}

/** The rounds that follow this one: the next step's, in parallel. Empty for the last step. */
export function nextRounds(rounds: readonly SeasonRound[], roundId: number): SeasonRound[] {
  const all = steps(rounds);
  const i = all.findIndex((s) => s.some((r) => r.id === roundId));
  return i >= 0 ? (all[i + 1] ?? []) : [];
}

const normalTown = (town: string) => town.trim().toLocaleLowerCase("ru");

/** The round of `stepRounds` (one step's rounds) that an entry goes to; null when none takes it. */
export function routeEntry(entry: RoutedEntry, stepRounds: readonly SeasonRound[]): number | null {
  if (stepRounds.length === 0) return null;
  if (entry.movedTo != null && stepRounds.some((r) => r.id === entry.movedTo)) return entry.movedTo;
  if (stepRounds.length === 1) return stepRounds[0]!.id;
  if (entry.town) {
    const town = normalTown(entry.town);
    const byTown = stepRounds.find((r) => r.towns.some((t) => normalTown(t) === town));
    if (byTown) return byTown.id;
  }
  if (entry.region) {
    const byRegion = stepRounds.find((r) => r.regions.includes(entry.region!));
    if (byRegion) return byRegion.id;
  }
  return stepRounds.find((r) => r.regions.length === 0 && r.towns.length === 0)?.id ?? null;
}

export interface CatchmentClash {
  step: number;
  /** The region or town that two rounds of the step are both open to. */
  place: string;
  roundIds: [number, number];
}

/** Regions or towns that two parallel rounds are both open to, and steps with two catch-all rounds. */
export function catchmentClashes(rounds: readonly SeasonRound[]): CatchmentClash[] {
  const clashes: CatchmentClash[] = [];
  for (const stepRounds of steps(rounds)) {
    if (stepRounds.length < 2) continue;
    const owner = new Map<string, number>();
    const claim = (place: string, id: number) => {
      const first = owner.get(place);
      if (first !== undefined && first !== id)
        clashes.push({ step: stepRounds[0]!.step, place, roundIds: [first, id] });
      else owner.set(place, id);
    };
    for (const r of stepRounds) {
      for (const region of r.regions) claim(`region:${region}`, r.id);
      for (const town of r.towns) claim(`town:${normalTown(town)}`, r.id);
      if (r.regions.length === 0 && r.towns.length === 0) claim("*", r.id);
    }
  }
  return clashes;
}
