import { sql } from "kysely";

import type { AdvanceRule, RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";

import { eventRounds, roundEntryIds } from "../events/rounds.server";
import { roundScope, sectionsWithoutJudge } from "../judging/eligible-judges.server";
import type { DB } from "../platform/db.server";

/*
 * The organisers' overview of an event's results: every round with its sections (from the
 * entries taking part, and any section already stored), how far the judges have scored each,
 * and where each stands (computed, locked, published).
 */

export interface OverviewSection {
  /** Null until the section is first computed (or a judge scores in it). */
  sectionId: number | null;
  nominationId: number;
  ageGroupId: number | null;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  /** Entries taking part in the round in this nomination and age group. */
  entries: number;
  /** Entries every eligible judge has scored on every criterion. */
  fullyScored: number;
  /** Entries with a computed place or award. */
  placed: number;
  /** Entries no judge may score (the panel's judges are all recused, or it has none); 0 when all can be. */
  withoutJudge: number;
  /** Those entries' judges are all recused by a conflict of interest (not simply missing). */
  judgesRecused: boolean;
  computedAt: string | null;
  lockedAt: string | null;
  publishedAt: string | null;
  /** When the section was first published: its families were emailed then (and are not again). */
  firstPublishedAt: string | null;
}

export interface OverviewRound {
  id: number;
  /** 1 for the event's first round (positions are only an order). */
  number: number;
  kind: RoundKind;
  startsOn: string | null;
  endsOn: string | null;
  city: string | null;
  blind: boolean;
  advanceRule: AdvanceRule;
  advanceValue: number | null;
  hasNextRound: boolean;
  sections: OverviewSection[];
}

/**
 * Every round of the event with its sections: from the entries taking part, and any section already
 * stored. With `only`, just that round (an empty list when it is not one of the event's).
 */
export async function resultsOverview(
  db: DB,
  eventId: number,
  locale: Locale,
  only?: { roundId: number },
): Promise<OverviewRound[]> {
  const [rounds, nominations, ageGroups] = await Promise.all([
    eventRounds(db, eventId),
    db
      .selectFrom("nominations")
      .select(["id", "position", "name_kk", "name_ru", "name_en"])
      .where("event_id", "=", eventId)
      .execute(),
    db.selectFrom("age_groups").select(["id", "min_age", "max_age"]).where("event_id", "=", eventId).execute(),
  ]);
  const nominationById = new Map(nominations.map((n) => [n.id, n]));
  const ageGroupById = new Map(ageGroups.map((g) => [g.id, g]));
  const out: OverviewRound[] = [];
  for (const [index, round] of rounds.entries()) {
    if (only && round.id !== only.roundId) continue;
    const ids = await roundEntryIds(db, round.id);
    const judges = await roundScope(db, round.id);
    const [entries, stored, placed, fully] = await Promise.all([
      ids.length
        ? db
            .selectFrom("entries")
            .select(["id", "nomination_id", "age_group_id"])
            .where(sql<boolean>`id = any(${sql`${ids}::int[]`})`)
            .execute()
        : [],
      db.selectFrom("result_sections").selectAll().where("round_id", "=", round.id).execute(),
      db
        .selectFrom("results")
        .select(["section_id", sql<number>`count(*)::int`.as("n")])
        .where("round_id", "=", round.id)
        .where((eb) => eb.or([eb("rank", "is not", null), eb("award", "is not", null)]))
        .groupBy("section_id")
        .execute(),
      fullyScoredEntries(db, round.id, new Map([...judges].map(([id, s]) => [id, s.eligible]))),
    ]);
    const sections = new Map<string, OverviewSection>();
    const key = (nominationId: number, ageGroupId: number | null) => `${nominationId}:${ageGroupId ?? 0}`;
    const sectionFor = (nominationId: number, ageGroupId: number | null) => {
      const k = key(nominationId, ageGroupId);
      let s = sections.get(k);
      if (!s) {
        const n = nominationById.get(nominationId);
        const g = ageGroupId === null ? undefined : ageGroupById.get(ageGroupId);
        const names = n ?? { name_kk: "", name_ru: "", name_en: "" };
        s = {
          sectionId: null,
          nominationId,
          ageGroupId,
          nomination: localized(names, "name", locale),
          nominationLang: localizedLang(names, "name", locale),
          ageGroup: g ? { min: g.min_age, max: g.max_age } : null,
          entries: 0,
          fullyScored: 0,
          placed: 0,
          withoutJudge: 0,
          judgesRecused: false,
          computedAt: null,
          lockedAt: null,
          publishedAt: null,
          firstPublishedAt: null,
        };
        sections.set(k, s);
      }
      return s;
    };
    for (const e of entries) {
      const s = sectionFor(e.nomination_id, e.age_group_id);
      s.entries++;
      if (fully.has(e.id)) s.fullyScored++;
    }
    for (const gap of sectionsWithoutJudge(judges)) {
      const s = sectionFor(gap.nominationId, gap.ageGroupId);
      s.withoutJudge = gap.entries;
      s.judgesRecused = gap.recused;
    }
    const placedBySection = new Map(placed.map((p) => [p.section_id, p.n]));
    for (const row of stored) {
      const s = sectionFor(row.nomination_id, row.age_group_id);
      s.sectionId = row.id;
      s.placed = placedBySection.get(row.id) ?? 0;
      s.computedAt = row.computed_at?.toISOString() ?? null;
      s.lockedAt = row.locked_at?.toISOString() ?? null;
      s.publishedAt = row.published_at?.toISOString() ?? null;
      s.firstPublishedAt = (row.first_published_at ?? row.published_at)?.toISOString() ?? null;
    }
    const position = (s: OverviewSection) => nominationById.get(s.nominationId)?.position ?? 0;
    out.push({
      id: round.id,
      number: index + 1,
      kind: round.kind,
      startsOn: round.starts_on,
      endsOn: round.ends_on,
      city: round.city,
      blind: round.blind,
      advanceRule: round.advance_rule,
      advanceValue: round.advance_value === null ? null : Number(round.advance_value),
      hasNextRound: index < rounds.length - 1,
      sections: [...sections.values()].sort(
        (a, b) =>
          position(a) - position(b) ||
          a.nominationId - b.nominationId ||
          (a.ageGroup?.min ?? -1) - (b.ageGroup?.min ?? -1),
      ),
    });
  }
  return out;
}

/** Entries of the round that every eligible judge has scored on every criterion of the nomination. */
async function fullyScoredEntries(
  db: DB,
  roundId: number,
  judges: ReadonlyMap<number, ReadonlySet<number>>,
): Promise<Set<number>> {
  if (judges.size === 0) return new Set();
  const [criteria, sheets] = await Promise.all([
    db
      .selectFrom("criteria as c")
      .innerJoin("entries as e", "e.nomination_id", "c.nomination_id")
      .select(["e.id as entry_id", sql<number>`count(*)::int`.as("n")])
      .where(sql<boolean>`e.id = any(${sql`${[...judges.keys()]}::int[]`})`)
      .groupBy("e.id")
      .execute(),
    db
      .selectFrom("scores")
      .select(["entry_id", "judge_user_id", sql<number>`count(*)::int`.as("n")])
      .where("round_id", "=", roundId)
      .groupBy(["entry_id", "judge_user_id"])
      .execute(),
  ]);
  const criteriaOf = new Map(criteria.map((c) => [c.entry_id, c.n]));
  const complete = new Map<number, Set<number>>();
  for (const s of sheets) {
    if (s.n < (criteriaOf.get(s.entry_id) ?? Infinity)) continue;
    complete.set(s.entry_id, (complete.get(s.entry_id) ?? new Set()).add(s.judge_user_id));
  }
  const out = new Set<number>();
  for (const [entryId, eligible] of judges) {
    if (eligible.size === 0 || !criteriaOf.get(entryId)) continue;
    const done = complete.get(entryId);
    if ([...eligible].every((j) => done?.has(j))) out.add(entryId);
  }
  return out;
}
