import type { Round, RoundKind } from "#db/types";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { isRegion } from "~/domain/regions";
import { steps } from "~/domain/season";

import type { DB } from "../platform/db.server";
import { publicRoundResults } from "../results/public-results.server";
import { eventHeader } from "../schedule/programme-access.server";
import { roundProgramme } from "../schedule/public-programme.server";
import { type CanPreview, visibleEvent } from "./event-preview.server";
import { eventRounds } from "./rounds.server";

/*
 * The season as the public reads it: the event's rounds step by step (a selection round, the
 * regional heats in parallel, the galas), each round with its city, venue, dates and catchment, and
 * whether its programme and results are out. Each round also has a page of its own (a heat's
 * programme and published results). Only published running orders and published results sections
 * are ever counted or shown; nothing about entries or children is selected here.
 */

export interface SeasonRoundView {
  id: number;
  kind: RoundKind;
  /** Region codes of the round's catchment (`region.<code>`); empty when it takes everyone. */
  regions: string[];
  /** Towns of the catchment: city codes or names as typed. */
  towns: string[];
  city: string | null;
  venue: string;
  venueLang: Locale;
  startsOn: string | null;
  endsOn: string | null;
  advanceRule: string;
  advanceValue: number | null;
  hasProgramme: boolean;
  hasResults: boolean;
}

export interface SeasonStepView {
  /** 1 for the first step, in order. */
  number: number;
  /** The kind of the step's rounds (its first round's, should they differ). */
  kind: RoundKind;
  rounds: SeasonRoundView[];
}

function roundView(r: Round, locale: Locale, programmes: Set<number>, results: Set<number>): SeasonRoundView {
  return {
    id: r.id,
    kind: r.kind,
    regions: r.regions.filter(isRegion),
    towns: r.towns,
    city: r.city,
    venue: localized(r, "venue", locale),
    venueLang: localizedLang(r, "venue", locale),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    advanceRule: r.advance_rule,
    advanceValue: r.advance_value === null ? null : Number(r.advance_value),
    hasProgramme: programmes.has(r.id),
    hasResults: results.has(r.id),
  };
}

/** Rounds of these with a published running order that has slots. */
async function roundsWithProgramme(db: DB, roundIds: number[]): Promise<Set<number>> {
  if (roundIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("schedule_versions as v")
    .select("v.round_id")
    .distinct()
    .where("v.round_id", "in", roundIds)
    .where("v.status", "=", "published")
    .where((eb) => eb.exists(eb.selectFrom("schedule_slots as s").select("s.id").whereRef("s.version_id", "=", "v.id")))
    .execute();
  return new Set(rows.map((r) => r.round_id));
}

/** Rounds of these with a published results section. */
async function roundsWithResults(db: DB, roundIds: number[]): Promise<Set<number>> {
  if (roundIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("result_sections")
    .select("round_id")
    .distinct()
    .where("round_id", "in", roundIds)
    .where("published_at", "is not", null)
    .execute();
  return new Set(rows.map((r) => r.round_id));
}

/**
 * The event's steps with their rounds. Results count only for a published event (the results pages
 * show nothing else), so a draft's preview never links to them.
 */
export async function publicSeason(
  db: DB,
  event: { id: number; status: string },
  locale: Locale,
): Promise<SeasonStepView[]> {
  const rounds = await eventRounds(db, event.id);
  const ids = rounds.map((r) => r.id);
  const [programmes, results] = await Promise.all([
    roundsWithProgramme(db, ids),
    event.status === "published" ? roundsWithResults(db, ids) : Promise.resolve(new Set<number>()),
  ]);
  const byId = new Map(rounds.map((r) => [r.id, r]));
  return steps(rounds.map((r) => ({ id: r.id, step: r.position, regions: [], towns: [] }))).map((step, i) => ({
    number: i + 1,
    kind: byId.get(step[0]!.id)!.kind,
    rounds: step.map((s) => roundView(byId.get(s.id)!, locale, programmes, results)),
  }));
}

/**
 * The shape of each of these events' seasons, for the home page's cards: per step, the kind of its
 * rounds and how many run in parallel. Only events with a step of parallel rounds have one.
 */
export async function seasonShapes(db: DB, eventIds: number[]): Promise<Map<number, SeasonShape>> {
  const shapes = new Map<number, SeasonShape>();
  if (eventIds.length === 0) return shapes;
  const rows = await db
    .selectFrom("rounds")
    .select(["event_id", "position", (eb) => eb.fn.min("kind").as("kind"), (eb) => eb.fn.countAll<string>().as("n")])
    .where("event_id", "in", eventIds)
    .groupBy(["event_id", "position"])
    .orderBy("event_id")
    .orderBy("position")
    .execute();
  for (const r of rows)
    shapes.set(r.event_id, [...(shapes.get(r.event_id) ?? []), { kind: r.kind, rounds: Number(r.n) }]);
  for (const [id, shape] of shapes) if (!shape.some((s) => s.rounds > 1)) shapes.delete(id);
  return shapes;
}
export type SeasonShape = { kind: RoundKind; rounds: number }[];

/**
 * A round's own public page (a regional heat, say): the round, where it stands in the season, its
 * published programme and its published results. Null when the event is not visible to this
 * reader or the round is not one of its rounds.
 */
export async function roundPage(db: DB, slug: string, roundId: number, locale: Locale, canPreview: CanPreview) {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  const season = await publicSeason(db, event, locale);
  const step = season.find((s) => s.rounds.some((r) => r.id === roundId));
  if (!step) return null;
  const round = step.rounds.find((r) => r.id === roundId)!;
  const [programme, results] = await Promise.all([
    roundProgramme(db, event, roundId, locale),
    round.hasResults ? publicRoundResults(db, slug, roundId, locale) : Promise.resolve(null),
  ]);
  return {
    event: eventHeader(event, locale),
    round,
    step: { number: step.number, of: season.length, kind: step.kind, parallel: step.rounds.length },
    programme,
    results: results?.rounds[0] ?? null,
    resultsInline: results?.inline ?? true,
  };
}
export type RoundPageView = NonNullable<Awaited<ReturnType<typeof roundPage>>>;
