import { sql } from "kysely";

import type { Award, RoundKind } from "#db/types";
import {
  aggregateEntry,
  computeSectionResults,
  type Criterion,
  type GrandPrixCheck,
  type JudgeSheet,
  maximumTotal,
  outlierJudges,
  resolveRules,
  type Rules,
  tiedGroups,
  validateGrandPrix,
} from "~/domain/results";
import { isScoreValue } from "~/domain/score-value";

import { ensureSection, roundEntryIds } from "../events/rounds.server";
import { eligibleJudges } from "../judging/eligible-judges.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";

/*
 * Results: the judges' scores of a round made into totals, places and awards, stored per section
 * (round × nomination × age group) in `results`. Computing reads each table once per round (not per
 * entry) and replaces a section's rows in one transaction, under the section row's lock, so two
 * computations of a section never interleave. Only the scores of judges who may score an entry
 * (panel members without a conflict, per jury-access) count; the pure rules are app/domain/results.
 */

const intArray = (ids: readonly number[]) => sql`${[...ids]}::int[]`;

// ---------------------------------------------------------------------------------------------
// Computing

interface SectionKey {
  nominationId: number;
  ageGroupId: number | null;
}
const keyOf = (k: SectionKey) => `${k.nominationId}:${k.ageGroupId ?? 0}`;

export interface ComputeSummary {
  /** Sections whose results were replaced. */
  sections: number;
  /** Results rows written. */
  results: number;
  /** Locked (or published) sections left as they were. */
  skippedLocked: number;
}

/**
 * Computes every section of a round: the round's entries (roundEntryIds) grouped by nomination and
 * age group, each section's results replaced. Locked sections are frozen and skipped unless
 * `includeLocked` (their scores change only by an organiser's override, which recomputes them);
 * published sections are always skipped. A section of the round left without entries (all
 * withdrawn) loses its rows.
 */
export async function computeRound(
  db: DB,
  roundId: number,
  options: { includeLocked?: boolean } = {},
): Promise<ComputeSummary> {
  return compute(db, roundId, null, options.includeLocked ?? false);
}

/**
 * Computes one section, locked or not (an organiser asked for it); a published one is left as it
 * is (skippedLocked: 1). Null when there is no such section.
 */
export async function computeSection(db: DB, sectionId: number): Promise<ComputeSummary | null> {
  const section = await db
    .selectFrom("result_sections")
    .select(["round_id", "nomination_id", "age_group_id"])
    .where("id", "=", sectionId)
    .executeTakeFirst();
  if (!section) return null;
  return compute(db, section.round_id, { nominationId: section.nomination_id, ageGroupId: section.age_group_id }, true);
}

interface RoundData {
  rules: Rules;
  /** Section key → its entries' ids. */
  groups: Map<string, SectionKey & { entryIds: number[] }>;
  criteria: Map<number, Criterion[]>;
  /** entry → judge → criterion → value, for eligible judges only. */
  sheets: Map<number, Map<number, Map<number, number>>>;
  sections: { id: number; nomination_id: number; age_group_id: number | null; locked_at: Date | null }[];
  chair: Map<number, Map<number, number>>;
  /** "nomination:ageGroup" (0 = across / none) → chosen entry, or null = not awarded. */
  grandPrix: Map<string, number | null>;
}

/** Reads what computing needs, one query per table for the whole round (or one section of it). */
async function loadRound(db: DB, roundId: number, only: SectionKey | null): Promise<RoundData | null> {
  const round = await db
    .selectFrom("rounds")
    .innerJoin("events", "events.id", "rounds.event_id")
    .select(["rounds.id", "rounds.event_id", "events.scoring"])
    .where("rounds.id", "=", roundId)
    .executeTakeFirst();
  if (!round) return null;
  const inRound = new Set(await roundEntryIds(db, roundId));

  let entriesQuery = db
    .selectFrom("entries")
    .select(["id", "nomination_id", "age_group_id"])
    .where("event_id", "=", round.event_id)
    .where("status", "=", "confirmed");
  if (only) {
    entriesQuery = entriesQuery.where("nomination_id", "=", only.nominationId);
    entriesQuery =
      only.ageGroupId === null
        ? entriesQuery.where("age_group_id", "is", null)
        : entriesQuery.where("age_group_id", "=", only.ageGroupId);
  }
  const entries = (await entriesQuery.execute()).filter((e) => inRound.has(e.id));
  const groups = new Map<string, SectionKey & { entryIds: number[] }>();
  for (const e of entries) {
    const key = keyOf({ nominationId: e.nomination_id, ageGroupId: e.age_group_id });
    const g = groups.get(key) ?? { nominationId: e.nomination_id, ageGroupId: e.age_group_id, entryIds: [] };
    g.entryIds.push(e.id);
    groups.set(key, g);
  }

  let criteriaQuery = db
    .selectFrom("criteria")
    .innerJoin("nominations", "nominations.id", "criteria.nomination_id")
    .select([
      "criteria.id",
      "criteria.nomination_id",
      sql<number>`criteria.max_score::float8`.as("max"),
      sql<number>`criteria.weight::float8`.as("weight"),
    ])
    .where("nominations.event_id", "=", round.event_id);
  if (only) criteriaQuery = criteriaQuery.where("criteria.nomination_id", "=", only.nominationId);
  const criteria = new Map<number, Criterion[]>();
  for (const c of await criteriaQuery.orderBy("criteria.position").orderBy("criteria.id").execute()) {
    criteria.set(c.nomination_id, [
      ...(criteria.get(c.nomination_id) ?? []),
      { id: c.id, max: c.max, weight: c.weight },
    ]);
  }

  // A round's scores come as four parallel arrays in one row: 200,000 rows one by one cost several
  // times more in the driver than the query itself.
  const scoresQuery = sql<{
    entry: number[] | null;
    judge: number[] | null;
    criterion: number[] | null;
    value: number[] | null;
  }>`
    select array_agg(entry_id) as entry, array_agg(judge_user_id) as judge, array_agg(criterion_id) as criterion, array_agg(value::float8) as value
    from scores where round_id = ${roundId} ${only ? sql`and entry_id = any(${intArray(entries.map((e) => e.id))})` : sql``}`;
  const [scores, eligible, sections, decisions, grandPrix] = await Promise.all([
    scoresQuery.execute(db).then((r) => r.rows[0]!),
    eligibleJudges(db, roundId),
    db
      .selectFrom("result_sections")
      .select(["id", "nomination_id", "age_group_id", "locked_at"])
      .where("round_id", "=", roundId)
      .execute(),
    db
      .selectFrom("tie_decisions")
      .innerJoin("result_sections", "result_sections.id", "tie_decisions.section_id")
      .select(["tie_decisions.section_id", "tie_decisions.entry_id", "tie_decisions.position"])
      .where("result_sections.round_id", "=", roundId)
      .execute(),
    db
      .selectFrom("grand_prix")
      .select(["nomination_id", "age_group_id", "entry_id"])
      .where("round_id", "=", roundId)
      .execute(),
  ]);

  const sheets = new Map<number, Map<number, Map<number, number>>>();
  // array_agg over no rows gives nulls.
  const entry = scores.entry ?? [];
  const judge = scores.judge ?? [];
  const criterion = scores.criterion ?? [];
  const value = scores.value ?? [];
  for (let i = 0; i < entry.length; i++) {
    const entryId = entry[i]!;
    const judgeId = judge[i]!;
    if (!eligible.get(entryId)?.has(judgeId)) continue;
    let byJudge = sheets.get(entryId);
    if (!byJudge) sheets.set(entryId, (byJudge = new Map()));
    let values = byJudge.get(judgeId);
    if (!values) byJudge.set(judgeId, (values = new Map()));
    values.set(criterion[i]!, value[i]!);
  }
  const chair = new Map<number, Map<number, number>>();
  for (const d of decisions) {
    if (!chair.has(d.section_id)) chair.set(d.section_id, new Map());
    chair.get(d.section_id)!.set(d.entry_id, d.position);
  }
  return {
    rules: resolveRules(round.scoring),
    groups,
    criteria,
    sheets,
    sections,
    chair,
    grandPrix: new Map(
      grandPrix.map((g) => [keyOf({ nominationId: g.nomination_id, ageGroupId: g.age_group_id }), g.entry_id]),
    ),
  };
}

async function compute(
  db: DB,
  roundId: number,
  only: SectionKey | null,
  includeLocked: boolean,
): Promise<ComputeSummary> {
  const summary: ComputeSummary = { sections: 0, results: 0, skippedLocked: 0 };
  const data = await loadRound(db, roundId, only);
  if (!data) return summary;
  const sectionIds = new Map(
    data.sections.map((s) => [keyOf({ nominationId: s.nomination_id, ageGroupId: s.age_group_id }), s.id]),
  );
  if (only && !data.groups.has(keyOf(only))) data.groups.set(keyOf(only), { ...only, entryIds: [] });
  for (const s of data.sections) {
    // Sections of the round that no longer hold any entry are emptied too.
    const key = keyOf({ nominationId: s.nomination_id, ageGroupId: s.age_group_id });
    if (!only && !data.groups.has(key))
      data.groups.set(key, { nominationId: s.nomination_id, ageGroupId: s.age_group_id, entryIds: [] });
  }

  for (const [key, group] of data.groups) {
    const sectionId = sectionIds.get(key) ?? (await ensureSection(db, roundId, group.nominationId, group.ageGroupId));
    const stored = await db
      .transaction()
      .execute((tx) => storeSection(tx, data, roundId, sectionId, group, includeLocked));
    if (stored !== null) {
      summary.sections++;
      summary.results += stored;
    } else summary.skippedLocked++;
  }
  return summary;
}

/**
 * Computes one section from the round's data and stores it, in the caller's transaction: the
 * section row is locked first (which also stamps computed_at). A published section is never
 * touched (families may be reading it); a locked one only when `includeLocked`. Null when the
 * section was left as it was, else the number of rows stored.
 */
async function storeSection(
  tx: DB,
  data: RoundData,
  roundId: number,
  sectionId: number,
  group: SectionKey & { entryIds: number[] },
  includeLocked: boolean,
): Promise<number | null> {
  const chair = data.chair.get(sectionId);
  const gpKey = keyOf({
    nominationId: group.nominationId,
    ageGroupId: data.rules.grandPrixAcrossAgeGroups ? null : group.ageGroupId,
  });
  const outcome = computeSectionResults({
    criteria: data.criteria.get(group.nominationId) ?? [],
    rules: data.rules,
    grandPrix: data.grandPrix.has(gpKey) ? data.grandPrix.get(gpKey) : undefined,
    entries: group.entryIds.map((entryId) => ({
      entryId,
      chairPosition: chair?.get(entryId) ?? null,
      sheets: [...(data.sheets.get(entryId) ?? [])].map(([judgeId, values]) => ({ judgeId, values })),
    })),
  });
  const rows = outcome.results;
  // Two round trips per section: the lock (which also stamps computed_at), then one statement
  // that upserts the rows and, in the same go, drops the section's rows of entries no longer in
  // it (disjoint keys, so the two never touch the same row). The upsert also moves an entry whose
  // age group changed out of its old section.
  let lock = tx
    .updateTable("result_sections")
    .set({ computed_at: sql`now()` })
    .where("id", "=", sectionId)
    .where("published_at", "is", null);
  if (!includeLocked) lock = lock.where("locked_at", "is", null);
  if (!(await lock.returning("id").executeTakeFirst())) return null;
  await sql`with gone as (delete from results where section_id = ${sectionId} and not (entry_id = any(${intArray(group.entryIds)})))
    insert into results (round_id, entry_id, section_id, total, percent, judge_count, rank, shared, award, computed_at)
    select ${roundId}, r.entry_id, ${sectionId}, r.total, r.percent, r.judge_count, r.rank, r.shared, r.award, now()
    from unnest(${rows.map((r) => r.entryId)}::int[], ${rows.map((r) => r.total)}::numeric[], ${rows.map((r) => r.percent)}::numeric[],
      ${rows.map((r) => r.judgeCount)}::int[], ${rows.map((r) => r.rank)}::int[], ${rows.map((r) => r.shared)}::boolean[],
      ${rows.map((r) => r.award)}::text[]) as r(entry_id, total, percent, judge_count, rank, shared, award)
    on conflict (round_id, entry_id) do update set section_id = excluded.section_id, total = excluded.total, percent = excluded.percent,
      judge_count = excluded.judge_count, rank = excluded.rank, shared = excluded.shared, award = excluded.award, computed_at = excluded.computed_at`.execute(
    tx,
  );
  return rows.length;
}

/**
 * Recomputes sections (locked or not, never published) inside the caller's transaction, so an
 * organiser's decision and the results it leads to are committed together.
 */
async function recomputeIn(tx: DB, sectionIds: readonly number[]): Promise<void> {
  for (const sectionId of sectionIds) {
    const section = await tx
      .selectFrom("result_sections")
      .select(["round_id", "nomination_id", "age_group_id"])
      .where("id", "=", sectionId)
      .executeTakeFirst();
    if (!section) continue;
    const only = { nominationId: section.nomination_id, ageGroupId: section.age_group_id };
    const data = await loadRound(tx, section.round_id, only);
    if (!data) continue;
    const group = data.groups.get(keyOf(only)) ?? { ...only, entryIds: [] };
    await storeSection(tx, data, section.round_id, sectionId, group, true);
  }
}

/**
 * Locks these sections' rows for the caller's transaction (in id order, as every writer does) and
 * tells whether any of them is published: a published section is frozen, and publishing waits
 * for this transaction to end.
 */
async function anyPublished(tx: DB, sectionIds: readonly number[]): Promise<boolean> {
  if (sectionIds.length === 0) return false;
  const rows = await tx
    .selectFrom("result_sections")
    .select(["id", "published_at"])
    .where("id", "in", [...sectionIds])
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.some((r) => r.published_at !== null);
}

// ---------------------------------------------------------------------------------------------
// The organiser's review of a section

interface Names {
  name_kk: string;
  name_ru: string;
  name_en: string;
}

export interface SectionInfo {
  id: number;
  eventId: number;
  round: { id: number; kind: RoundKind; position: number };
  nomination: Names & { id: number };
  ageGroup: { id: number; min: number; max: number } | null;
  computedAt: Date | null;
  lockedAt: Date | null;
  publishedAt: Date | null;
}

/** The section if it belongs to this event (routes answer 404 otherwise). */
export async function findEventSection(db: DB, eventId: number, sectionId: number): Promise<SectionInfo | null> {
  const row = await db
    .selectFrom("result_sections as rs")
    .innerJoin("rounds", "rounds.id", "rs.round_id")
    .innerJoin("nominations", "nominations.id", "rs.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "rs.age_group_id")
    .select([
      "rs.id",
      "rs.computed_at",
      "rs.locked_at",
      "rs.published_at",
      "rs.age_group_id",
      "rounds.id as round_id",
      "rounds.event_id",
      "rounds.kind",
      "rounds.position",
      "nominations.id as nomination_id",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "age_groups.min_age",
      "age_groups.max_age",
    ])
    .where("rs.id", "=", sectionId)
    .where("rounds.event_id", "=", eventId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    eventId: row.event_id,
    round: { id: row.round_id, kind: row.kind, position: row.position },
    nomination: { id: row.nomination_id, name_kk: row.name_kk, name_ru: row.name_ru, name_en: row.name_en },
    ageGroup:
      row.age_group_id !== null && row.min_age !== null && row.max_age !== null
        ? { id: row.age_group_id, min: row.min_age, max: row.max_age }
        : null,
    computedAt: row.computed_at,
    lockedAt: row.locked_at,
    publishedAt: row.published_at,
  };
}

/** A judge's sheet for an entry, as the organiser sees it. */
export interface ReviewSheet {
  judgeUserId: number;
  /** scored: every criterion; incomplete: some missing (not counted); missing: none yet; recused: conflict of interest. */
  status: "scored" | "incomplete" | "missing" | "recused";
  /** Criterion id → value. */
  scores: Record<number, number>;
  /** Weighted total of a complete sheet. */
  total: number | null;
  /** Far from the other judges (app/domain/results/outliers). */
  outlier: boolean;
}

export interface ReviewEntry {
  entryId: number;
  reference: string;
  title: string;
  /** Full names: the review is for the event's organisers only. */
  performers: string[];
  club: string | null;
  result: {
    total: number | null;
    percent: number | null;
    judgeCount: number;
    rank: number | null;
    shared: boolean;
    award: Award | null;
  } | null;
  /** One per panel judge, in the order of `judges`. */
  sheets: ReviewSheet[];
  specialPrizes: (Names & { id: number })[];
}

export interface SectionReview {
  section: SectionInfo;
  rules: Rules;
  /** Scores changed after the stored results were computed (or they never were). */
  stale: boolean;
  maximum: number;
  criteria: (Names & { id: number; max: number; weight: number })[];
  judges: { userId: number; name: string; isChair: boolean }[];
  /** Ranked first (by rank, then reference), then the unranked. */
  entries: ReviewEntry[];
  /** Entries holding the same rank after every tie-break; needsChair when the rules don't share places. */
  ties: { rank: number; entryIds: number[]; needsChair: boolean }[];
  /** The chair's recorded orders (one per decision), best first, with who recorded them and when. */
  chairDecisions: { entryIds: number[]; decidedBy: string | null; decidedAt: Date }[];
  grandPrix: {
    /** The age group the choice is for; null across the nomination's age groups (or without age groups). */
    ageGroupId: number | null;
    acrossAgeGroups: boolean;
    /** undefined: not decided; null: decided not to award it. */
    choice: number | null | undefined;
    /** The entry chosen, when it is in another section (across age groups). */
    choiceElsewhere: { entryId: number; reference: string; title: string } | null;
    /** Entries that may receive it (Laureate I of the scope), with their section. */
    candidates: { entryId: number; reference: string; title: string; sectionId: number }[];
    /**
     * The entry chosen, when it no longer holds Laureate I (a score changed since): the choice
     * stands recorded but is not applied, and the section cannot be published until it is settled.
     */
    stale: { entryId: number; reference: string; title: string } | null;
  };
}

/** Everything the organiser's review page shows for a section; null when there is no such section. */
export async function sectionReview(db: DB, sectionId: number): Promise<SectionReview | null> {
  const section = await sectionInfo(db, sectionId);
  if (!section) return null;
  const roundId = section.round.id;
  const event = await db
    .selectFrom("events")
    .select("scoring")
    .where("id", "=", section.eventId)
    .executeTakeFirstOrThrow();
  const rules = resolveRules(event.scoring);
  const inRound = new Set(await roundEntryIds(db, roundId));

  let entriesQuery = db
    .selectFrom("entries")
    .leftJoin("clubs", "clubs.id", "entries.club_id")
    .select(["entries.id", "entries.reference", "entries.title", "clubs.name as club"])
    .where("entries.event_id", "=", section.eventId)
    .where("entries.nomination_id", "=", section.nomination.id)
    .where("entries.status", "=", "confirmed");
  entriesQuery = section.ageGroup
    ? entriesQuery.where("entries.age_group_id", "=", section.ageGroup.id)
    : entriesQuery.where("entries.age_group_id", "is", null);
  const stored = await db
    .selectFrom("results")
    .select(["entry_id", "total", "percent", "judge_count", "rank", "shared", "award"])
    .where("section_id", "=", sectionId)
    .execute();
  const storedIds = new Set(stored.map((r) => r.entry_id));
  // The round's current entries, and any entry the stored results still hold (until recomputed).
  const entries = (await entriesQuery.execute()).filter((e) => inRound.has(e.id) || storedIds.has(e.id));
  const ids = entries.map((e) => e.id);

  let panelQuery = db
    .selectFrom("jury_assignments as ja")
    .innerJoin("users", "users.id", "ja.user_id")
    .select(["ja.user_id", "users.name", "ja.is_chair"])
    .where("ja.round_id", "=", roundId)
    .where("ja.nomination_id", "=", section.nomination.id);
  panelQuery = panelQuery.where((eb) =>
    section.ageGroup
      ? eb.or([eb("ja.age_group_id", "is", null), eb("ja.age_group_id", "=", section.ageGroup.id)])
      : eb("ja.age_group_id", "is", null),
  );

  const [criteriaRows, panelRows, scores, eligible, members, prizes, lastScore] = await Promise.all([
    db
      .selectFrom("criteria")
      .select([
        "id",
        "name_kk",
        "name_ru",
        "name_en",
        sql<number>`max_score::float8`.as("max"),
        sql<number>`weight::float8`.as("weight"),
      ])
      .where("nomination_id", "=", section.nomination.id)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    panelQuery.orderBy("users.name").orderBy("ja.user_id").execute(),
    ids.length
      ? db
          .selectFrom("scores")
          .select(["entry_id", "judge_user_id", "criterion_id", sql<number>`value::float8`.as("value")])
          .where("round_id", "=", roundId)
          .where(sql<boolean>`entry_id = any(${intArray(ids)})`)
          .execute()
      : [],
    eligibleJudges(db, roundId),
    ids.length
      ? db
          .selectFrom("entry_members")
          .innerJoin("participants", "participants.id", "entry_members.participant_id")
          .select([
            "entry_members.entry_id",
            "participants.last_name",
            "participants.first_name",
            "participants.patronymic",
          ])
          .where(sql<boolean>`entry_members.entry_id = any(${intArray(ids)})`)
          .where("entry_members.active", "=", true)
          .orderBy("participants.last_name")
          .orderBy("participants.first_name")
          .execute()
      : [],
    ids.length
      ? db
          .selectFrom("special_prizes")
          .select(["id", "entry_id", "name_kk", "name_ru", "name_en"])
          .where("round_id", "=", roundId)
          .where(sql<boolean>`entry_id = any(${intArray(ids)})`)
          .orderBy("id")
          .execute()
      : [],
    ids.length
      ? db
          .selectFrom("scores")
          .select(sql<Date | null>`max(updated_at)`.as("at"))
          .where("round_id", "=", roundId)
          .where(sql<boolean>`entry_id = any(${intArray(ids)})`)
          .executeTakeFirst()
      : undefined,
  ]);

  // A judge on two assignments covering this section (all age groups and this one) appears once.
  const judges = [
    ...new Map(panelRows.map((p) => [p.user_id, { userId: p.user_id, name: p.name, isChair: p.is_chair }])).values(),
  ];
  const criteria: Criterion[] = criteriaRows.map((c) => ({ id: c.id, max: c.max, weight: c.weight }));
  const maximum = maximumTotal(criteria);
  const valuesOf = new Map<string, Map<number, number>>();
  for (const s of scores) {
    const k = `${s.entry_id}:${s.judge_user_id}`;
    if (!valuesOf.has(k)) valuesOf.set(k, new Map());
    valuesOf.get(k)!.set(s.criterion_id, s.value);
  }
  const resultOf = new Map(stored.map((r) => [r.entry_id, r]));

  const reviewEntries: ReviewEntry[] = entries.map((e) => {
    const mayScore = eligible.get(e.id) ?? new Set<number>();
    const sheets: JudgeSheet[] = judges
      .filter((j) => mayScore.has(j.userId))
      .map((j) => ({ judgeId: j.userId, values: valuesOf.get(`${e.id}:${j.userId}`) ?? new Map() }));
    const aggregate = aggregateEntry(e.id, criteria, sheets, rules.aggregation);
    const outliers = new Set(outlierJudges(aggregate.judgeTotals, maximum));
    const r = resultOf.get(e.id);
    return {
      entryId: e.id,
      reference: e.reference,
      title: e.title,
      performers: members
        .filter((m) => m.entry_id === e.id)
        .map((m) => [m.last_name, m.first_name, m.patronymic].filter(Boolean).join(" ")),
      club: e.club,
      result: r
        ? {
            total: r.total === null ? null : Number(r.total),
            percent: r.percent === null ? null : Number(r.percent),
            judgeCount: r.judge_count,
            rank: r.rank,
            shared: r.shared,
            award: r.award,
          }
        : null,
      sheets: judges.map((j): ReviewSheet => {
        if (!mayScore.has(j.userId))
          return { judgeUserId: j.userId, status: "recused", scores: {}, total: null, outlier: false };
        const values = valuesOf.get(`${e.id}:${j.userId}`) ?? new Map<number, number>();
        const own = Object.fromEntries([...values].filter(([c]) => criteria.some((x) => x.id === c)));
        const total = aggregate.judgeTotals.find((t) => t.judgeId === j.userId)?.total ?? null;
        const status = total !== null ? "scored" : Object.keys(own).length > 0 ? "incomplete" : "missing";
        return { judgeUserId: j.userId, status, scores: own, total, outlier: outliers.has(j.userId) };
      }),
      specialPrizes: prizes
        .filter((p) => p.entry_id === e.id)
        .map((p) => ({ id: p.id, name_kk: p.name_kk, name_ru: p.name_ru, name_en: p.name_en })),
    };
  });
  const rankOf = (e: ReviewEntry) => e.result?.rank ?? Number.POSITIVE_INFINITY;
  reviewEntries.sort(
    (a, b) =>
      rankOf(a) - rankOf(b) || (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : a.entryId - b.entryId),
  );

  const ties = tiedGroups(stored.map((r) => ({ entryId: r.entry_id, rank: r.rank, shared: r.shared }))).map((g) => ({
    rank: g[0]!.rank!,
    entryIds: reviewEntries.filter((e) => g.some((r) => r.entryId === e.entryId)).map((e) => e.entryId),
    needsChair: g.every((r) => !r.shared),
  }));
  const lastScoreAt = lastScore?.at ? new Date(lastScore.at) : null;
  return {
    section,
    rules,
    stale: section.computedAt === null || (lastScoreAt !== null && lastScoreAt > section.computedAt),
    maximum,
    criteria: criteriaRows.map((c) => ({
      id: c.id,
      name_kk: c.name_kk,
      name_ru: c.name_ru,
      name_en: c.name_en,
      max: c.max,
      weight: c.weight,
    })),
    judges,
    entries: reviewEntries,
    ties,
    chairDecisions: await chairDecisions(db, sectionId),
    grandPrix: await grandPrixView(db, section, rules),
  };
}

async function sectionInfo(db: DB, sectionId: number): Promise<SectionInfo | null> {
  const row = await db
    .selectFrom("result_sections")
    .innerJoin("rounds", "rounds.id", "result_sections.round_id")
    .select("rounds.event_id")
    .where("result_sections.id", "=", sectionId)
    .executeTakeFirst();
  return row ? findEventSection(db, row.event_id, sectionId) : null;
}

/** The Grand Prix's scope for a section: its age group, or the whole nomination when chosen across age groups. */
function grandPrixScope(section: SectionInfo, rules: Rules): { ageGroupId: number | null; acrossAgeGroups: boolean } {
  return rules.grandPrixAcrossAgeGroups
    ? { ageGroupId: null, acrossAgeGroups: true }
    : { ageGroupId: section.ageGroup?.id ?? null, acrossAgeGroups: false };
}

/** The nomination's stored results in the round (every age group), with each entry's age group and section. */
async function nominationResults(db: DB, roundId: number, nominationId: number) {
  return db
    .selectFrom("results")
    .innerJoin("result_sections as rs", "rs.id", "results.section_id")
    .innerJoin("entries", "entries.id", "results.entry_id")
    .select([
      "results.entry_id",
      "results.award",
      "results.section_id",
      "rs.age_group_id",
      "entries.reference",
      "entries.title",
    ])
    .where("results.round_id", "=", roundId)
    .where("rs.nomination_id", "=", nominationId)
    .orderBy("entries.reference")
    .execute();
}

async function grandPrixRow(db: DB, roundId: number, nominationId: number, ageGroupId: number | null) {
  let q = db
    .selectFrom("grand_prix")
    .select(["id", "entry_id"])
    .where("round_id", "=", roundId)
    .where("nomination_id", "=", nominationId);
  q = ageGroupId === null ? q.where("age_group_id", "is", null) : q.where("age_group_id", "=", ageGroupId);
  return q.executeTakeFirst();
}

async function grandPrixView(db: DB, section: SectionInfo, rules: Rules): Promise<SectionReview["grandPrix"]> {
  const scope = grandPrixScope(section, rules);
  const [row, results] = await Promise.all([
    grandPrixRow(db, section.round.id, section.nomination.id, scope.ageGroupId),
    nominationResults(db, section.round.id, section.nomination.id),
  ]);
  const inScope = results.filter((r) => scope.acrossAgeGroups || r.age_group_id === scope.ageGroupId);
  const chosen = row?.entry_id ?? null;
  const elsewhere =
    chosen !== null ? inScope.find((r) => r.entry_id === chosen && r.section_id !== section.id) : undefined;
  return {
    ...scope,
    choice: row ? row.entry_id : undefined,
    choiceElsewhere: elsewhere
      ? { entryId: elsewhere.entry_id, reference: elsewhere.reference, title: elsewhere.title }
      : null,
    candidates: inScope
      .filter((r) => r.award === "laureate_1" || r.award === "grand_prix")
      .map((r) => ({ entryId: r.entry_id, reference: r.reference, title: r.title, sectionId: r.section_id })),
    stale: await staleGrandPrix(db, section.id),
  };
}

/**
 * The Grand Prix choice reaching this section, when the chosen entry no longer holds it: computing
 * gives the Grand Prix only to a Laureate I, so a chosen entry whose stored award is not
 * "grand_prix" lost Laureate I after the choice (or left the round). Null when there is no choice,
 * "not awarded", or the choice holds.
 */
export async function staleGrandPrix(
  db: DB,
  sectionId: number,
): Promise<{ entryId: number; reference: string; title: string } | null> {
  const section = await db
    .selectFrom("result_sections as rs")
    .innerJoin("rounds", "rounds.id", "rs.round_id")
    .innerJoin("events", "events.id", "rounds.event_id")
    .select(["rs.round_id", "rs.nomination_id", "rs.age_group_id", "events.scoring"])
    .where("rs.id", "=", sectionId)
    .executeTakeFirst();
  if (!section) return null;
  const across = resolveRules(section.scoring).grandPrixAcrossAgeGroups;
  const row = await grandPrixRow(db, section.round_id, section.nomination_id, across ? null : section.age_group_id);
  if (!row || row.entry_id === null) return null;
  const entry = await db
    .selectFrom("entries")
    .leftJoin("results", (join) =>
      join.onRef("results.entry_id", "=", "entries.id").on("results.round_id", "=", section.round_id),
    )
    .select(["entries.id", "entries.reference", "entries.title", "results.award"])
    .where("entries.id", "=", row.entry_id)
    .executeTakeFirst();
  if (entry?.award === "grand_prix") return null;
  return { entryId: row.entry_id, reference: entry?.reference ?? "", title: entry?.title ?? "" };
}

/** The chair's recorded orders in a section: rows written together (one decision) share their time and author. */
async function chairDecisions(db: DB, sectionId: number): Promise<SectionReview["chairDecisions"]> {
  const rows = await db
    .selectFrom("tie_decisions as d")
    .leftJoin("users", "users.id", "d.decided_by_user_id")
    .select(["d.entry_id", "d.position", "d.decided_at", "d.decided_by_user_id", "users.name"])
    .where("d.section_id", "=", sectionId)
    .orderBy("d.decided_at")
    .orderBy("d.position")
    .execute();
  const decisions = new Map<string, SectionReview["chairDecisions"][number]>();
  for (const r of rows) {
    const key = `${r.decided_at.toISOString()}:${r.decided_by_user_id ?? 0}`;
    const d = decisions.get(key) ?? { entryIds: [], decidedBy: r.name ?? null, decidedAt: r.decided_at };
    d.entryIds.push(r.entry_id);
    decisions.set(key, d);
  }
  return [...decisions.values()];
}

// ---------------------------------------------------------------------------------------------
// The organiser's decisions. Each runs in one transaction: the section rows it touches are locked
// (FOR UPDATE) and checked not to be published — a published section is frozen until it is
// unpublished, so families never see results change under them —, the decision is made and
// audited, and the section (or, for a Grand Prix across age groups, the nomination's sections) is
// recomputed before the transaction commits.

/** Refused: the section (or one the decision reaches) is published. */
type Frozen = { ok: false; reason: "published" };
const FROZEN: Frozen = { ok: false, reason: "published" };

/** Thrown inside a transaction to roll it back and answer with a refusal. */
class Refusal<R> extends Error {
  constructor(readonly result: R) {
    super("refused");
  }
}

/** Runs `work` in a transaction; a Refusal thrown inside rolls it back and becomes the answer. */
async function decide<T, R>(db: DB, work: (tx: DB, refuse: (result: R) => never) => Promise<T>): Promise<T | R> {
  try {
    return await db.transaction().execute((tx) =>
      work(tx, (result) => {
        throw new Refusal(result);
      }),
    );
  } catch (error) {
    if (error instanceof Refusal) return error.result as R;
    throw error;
  }
}

async function sectionRow(db: DB, sectionId: number) {
  return db
    .selectFrom("result_sections")
    .innerJoin("rounds", "rounds.id", "result_sections.round_id")
    .select([
      "result_sections.id",
      "result_sections.round_id",
      "result_sections.nomination_id",
      "result_sections.age_group_id",
      "rounds.event_id",
    ])
    .where("result_sections.id", "=", sectionId)
    .executeTakeFirst();
}

export type TieDecisionResult = { ok: true } | { ok: false; reason: "missing" | "not_tied" } | Frozen;

/**
 * Records the chair's order for entries still tied (`order`: entry ids, best first). The entries
 * must be exactly one group holding the same rank in the stored results.
 */
export async function recordTieDecision(
  db: DB,
  actor: Actor,
  { sectionId, order }: { sectionId: number; order: readonly number[] },
): Promise<TieDecisionResult> {
  const section = await sectionRow(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  return decide<TieDecisionResult, TieDecisionResult>(db, async (tx, refuse) => {
    if (await anyPublished(tx, [sectionId])) refuse(FROZEN);
    const stored = await tx
      .selectFrom("results")
      .select(["entry_id", "rank"])
      .where("section_id", "=", sectionId)
      .execute();
    const group = tiedGroups(stored.map((r) => ({ entryId: r.entry_id, rank: r.rank }))).find((g) =>
      g.some((r) => r.entryId === order[0]),
    );
    const same =
      group &&
      group.length === order.length &&
      new Set(order).size === order.length &&
      order.every((id) => group.some((r) => r.entryId === id));
    if (!same) refuse({ ok: false, reason: "not_tied" });
    const before = await tx
      .selectFrom("tie_decisions")
      .select(["entry_id", "position"])
      .where("section_id", "=", sectionId)
      .where("entry_id", "in", [...order])
      .execute();
    await tx
      .deleteFrom("tie_decisions")
      .where("section_id", "=", sectionId)
      .where("entry_id", "in", [...order])
      .execute();
    await tx
      .insertInto("tie_decisions")
      .values(
        order.map((entryId, i) => ({
          section_id: sectionId,
          entry_id: entryId,
          position: i + 1,
          decided_by_user_id: actor.id,
        })),
      )
      .execute();
    await audit(tx, actor, {
      action: "results.tie_decision",
      entityType: "result_section",
      entityId: sectionId,
      eventId: section.event_id,
      before,
      after: { order },
    });
    await recomputeIn(tx, [sectionId]);
    return { ok: true };
  });
}

export type ClearTieResult = { ok: true } | { ok: false; reason: "missing" } | Frozen;

/**
 * Clears the chair's recorded order for these entries of the section (one recorded decision, as the
 * review lists it): the entries are tied again until the chair decides anew. Audited.
 */
export async function clearTieDecision(
  db: DB,
  actor: Actor,
  { sectionId, entryIds }: { sectionId: number; entryIds: readonly number[] },
): Promise<ClearTieResult> {
  const section = await sectionRow(db, sectionId);
  if (!section || entryIds.length === 0) return { ok: false, reason: "missing" };
  return decide<ClearTieResult, ClearTieResult>(db, async (tx, refuse) => {
    if (await anyPublished(tx, [sectionId])) refuse(FROZEN);
    const before = await tx
      .deleteFrom("tie_decisions")
      .where("section_id", "=", sectionId)
      .where("entry_id", "in", [...entryIds])
      .returning(["entry_id", "position", "decided_by_user_id"])
      .execute();
    if (before.length === 0) refuse({ ok: false, reason: "missing" });
    const order = [...before].sort((a, b) => a.position - b.position).map((d) => d.entry_id);
    await audit(tx, actor, {
      action: "results.tie_decision_clear",
      entityType: "result_section",
      entityId: sectionId,
      eventId: section.event_id,
      before: { order, decidedBy: before[0]!.decided_by_user_id },
      after: null,
    });
    await recomputeIn(tx, [sectionId]);
    return { ok: true };
  });
}

export type GrandPrixChoice = number | "none" | "undecided";
export type SetGrandPrixResult =
  { ok: true } | { ok: false; reason: "missing" | Extract<GrandPrixCheck, { ok: false }>["reason"] } | Frozen;

/** The sections a Grand Prix decision reaches: this one, or every section of the nomination in the round when chosen across age groups. */
async function grandPrixSections(db: DB, section: SectionInfo, acrossAgeGroups: boolean): Promise<number[]> {
  if (!acrossAgeGroups) return [section.id];
  const rows = await db
    .selectFrom("result_sections")
    .select("id")
    .where("round_id", "=", section.round.id)
    .where("nomination_id", "=", section.nomination.id)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The Grand Prix of the section's nomination and age group (or of the whole nomination, when the
 * event chooses it across age groups): an entry holding Laureate I, "none" (the jury decided not
 * to award it) or "undecided" (clears the decision). Refused while any section it reaches is
 * published.
 */
export async function setGrandPrix(
  db: DB,
  actor: Actor,
  { sectionId, choice }: { sectionId: number; choice: GrandPrixChoice },
): Promise<SetGrandPrixResult> {
  const section = await sectionInfo(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  const event = await db
    .selectFrom("events")
    .select("scoring")
    .where("id", "=", section.eventId)
    .executeTakeFirstOrThrow();
  const rules = resolveRules(event.scoring);
  const scope = grandPrixScope(section, rules);
  const reached = await grandPrixSections(db, section, scope.acrossAgeGroups);
  return decide<SetGrandPrixResult, SetGrandPrixResult>(db, async (tx, refuse) => {
    if (await anyPublished(tx, reached)) refuse(FROZEN);
    if (typeof choice === "number") {
      const results = await nominationResults(tx, section.round.id, section.nomination.id);
      const check = validateGrandPrix(
        choice,
        scope,
        results.map((r) => ({ entryId: r.entry_id, ageGroupId: r.age_group_id, award: r.award })),
      );
      if (!check.ok) refuse(check);
    }
    const before = await grandPrixRow(tx, section.round.id, section.nomination.id, scope.ageGroupId);
    if (before) await tx.deleteFrom("grand_prix").where("id", "=", before.id).execute();
    if (choice !== "undecided") {
      await tx
        .insertInto("grand_prix")
        .values({
          round_id: section.round.id,
          nomination_id: section.nomination.id,
          age_group_id: scope.ageGroupId,
          entry_id: choice === "none" ? null : choice,
          decided_by_user_id: actor.id,
        })
        .execute();
    }
    await audit(tx, actor, {
      action: "results.grand_prix",
      entityType: "result_section",
      entityId: sectionId,
      eventId: section.eventId,
      before: before ? { entryId: before.entry_id } : null,
      after: { choice, ageGroupId: scope.ageGroupId },
    });
    await recomputeIn(tx, reached);
    return { ok: true };
  });
}

/** Whether the entry is one of the section's (nomination, age group, event, in the round). */
async function entryInSection(
  db: DB,
  section: NonNullable<Awaited<ReturnType<typeof sectionRow>>>,
  entryId: number,
): Promise<boolean> {
  const entry = await db
    .selectFrom("entries")
    .select(["event_id", "nomination_id", "age_group_id"])
    .where("id", "=", entryId)
    .executeTakeFirst();
  if (
    !entry ||
    entry.event_id !== section.event_id ||
    entry.nomination_id !== section.nomination_id ||
    entry.age_group_id !== section.age_group_id
  )
    return false;
  return (await roundEntryIds(db, section.round_id)).includes(entryId);
}

export type AddSpecialPrizeResult =
  { ok: true; id: number } | { ok: false; reason: "missing" | "unknown_entry" } | Frozen;

/** A special prize of the jury for an entry of the section (it does not change places or awards). */
export async function addSpecialPrize(
  db: DB,
  actor: Actor,
  {
    sectionId,
    entryId,
    nameKk,
    nameRu,
    nameEn,
  }: { sectionId: number; entryId: number; nameKk: string; nameRu: string; nameEn: string },
): Promise<AddSpecialPrizeResult> {
  const section = await sectionRow(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  if (!(await entryInSection(db, section, entryId))) return { ok: false, reason: "unknown_entry" };
  return decide<AddSpecialPrizeResult, AddSpecialPrizeResult>(db, async (tx, refuse) => {
    if (await anyPublished(tx, [sectionId])) refuse(FROZEN);
    const row = await tx
      .insertInto("special_prizes")
      .values({
        round_id: section.round_id,
        entry_id: entryId,
        name_kk: nameKk,
        name_ru: nameRu,
        name_en: nameEn,
        created_by_user_id: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: "results.special_prize_add",
      entityType: "special_prize",
      entityId: row.id,
      eventId: section.event_id,
      after: { sectionId, entryId, nameKk, nameRu, nameEn },
    });
    await recomputeIn(tx, [sectionId]);
    return { ok: true, id: row.id };
  });
}

export type RemoveSpecialPrizeResult = { ok: true } | { ok: false; reason: "missing" } | Frozen;

/** Removes a special prize given to an entry of this section. */
export async function removeSpecialPrize(
  db: DB,
  actor: Actor,
  { sectionId, prizeId }: { sectionId: number; prizeId: number },
): Promise<RemoveSpecialPrizeResult> {
  const section = await sectionRow(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  const prize = await db
    .selectFrom("special_prizes")
    .selectAll()
    .where("id", "=", prizeId)
    .where("round_id", "=", section.round_id)
    .executeTakeFirst();
  if (!prize || !(await entryInSection(db, section, prize.entry_id))) return { ok: false, reason: "missing" };
  return decide<RemoveSpecialPrizeResult, RemoveSpecialPrizeResult>(db, async (tx, refuse) => {
    if (await anyPublished(tx, [sectionId])) refuse(FROZEN);
    const gone = await tx.deleteFrom("special_prizes").where("id", "=", prizeId).returning("id").executeTakeFirst();
    if (!gone) refuse({ ok: false, reason: "missing" });
    await audit(tx, actor, {
      action: "results.special_prize_remove",
      entityType: "special_prize",
      entityId: prizeId,
      eventId: section.event_id,
      before: prize,
    });
    await recomputeIn(tx, [sectionId]);
    return { ok: true };
  });
}

export interface ScoreOverride {
  roundId: number;
  entryId: number;
  judgeUserId: number;
  criterionId: number;
  value: number;
  reason: string;
  /** When given, the entry must be in this section (the page's own), else "unknown_entry". */
  sectionId?: number;
}

export type OverrideResult =
  | { ok: true; sectionId: number }
  | { ok: false; reason: "reason_required" | "unknown_entry" | "not_eligible" | "unknown_criterion" | "out_of_range" }
  | Frozen;

/**
 * An organiser sets a judge's score: the only way a score changes once its section is locked. Needs
 * a reason; the judge must be one who may score the entry (a recused judge's score never counts).
 * The version moves past both the stored one and any device's clock-based version, so a late retry
 * from the judge's device cannot undo it. Audited with before, after and reason; the section is
 * recomputed (locked or not). Refused while the section is published.
 */
export async function overrideScore(db: DB, actor: Actor, o: ScoreOverride): Promise<OverrideResult> {
  const reason = o.reason.trim();
  if (!reason) return { ok: false, reason: "reason_required" };
  const entry = await db
    .selectFrom("entries")
    .innerJoin("rounds", "rounds.event_id", "entries.event_id")
    .select(["entries.id", "entries.nomination_id", "entries.age_group_id", "rounds.event_id"])
    .where("entries.id", "=", o.entryId)
    .where("rounds.id", "=", o.roundId)
    .executeTakeFirst();
  if (!entry || !(await roundEntryIds(db, o.roundId)).includes(o.entryId))
    return { ok: false, reason: "unknown_entry" };
  const sectionId = await ensureSection(db, o.roundId, entry.nomination_id, entry.age_group_id);
  if (o.sectionId !== undefined && o.sectionId !== sectionId) return { ok: false, reason: "unknown_entry" };
  if (!(await eligibleJudges(db, o.roundId)).get(o.entryId)?.has(o.judgeUserId))
    return { ok: false, reason: "not_eligible" };
  const criterion = await db
    .selectFrom("criteria")
    .select(["id", "nomination_id", "max_score"])
    .where("id", "=", o.criterionId)
    .executeTakeFirst();
  if (!criterion || criterion.nomination_id !== entry.nomination_id) return { ok: false, reason: "unknown_criterion" };
  if (!isScoreValue(o.value, Number(criterion.max_score))) return { ok: false, reason: "out_of_range" };

  const key = { round_id: o.roundId, entry_id: o.entryId, judge_user_id: o.judgeUserId, criterion_id: o.criterionId };
  return decide<OverrideResult, OverrideResult>(db, async (tx, refuse) => {
    if (await anyPublished(tx, [sectionId])) refuse(FROZEN);
    const before = await tx
      .selectFrom("scores")
      .select(["value", "version"])
      .where("round_id", "=", o.roundId)
      .where("entry_id", "=", o.entryId)
      .where("judge_user_id", "=", o.judgeUserId)
      .where("criterion_id", "=", o.criterionId)
      .forUpdate()
      .executeTakeFirst();
    const clock = Date.now() * 1000;
    const after = await tx
      .insertInto("scores")
      .values({ ...key, value: String(o.value), version: clock, updated_by_user_id: actor.id })
      .onConflict((oc) =>
        oc.columns(["round_id", "entry_id", "judge_user_id", "criterion_id"]).doUpdateSet({
          value: String(o.value),
          version: sql`greatest(scores.version + 1, ${clock}::bigint)`,
          updated_at: sql`now()`,
          updated_by_user_id: actor.id,
        }),
      )
      .returning(["value", "version"])
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: "results.score_override",
      entityType: "score",
      entityId: `${o.roundId}:${o.entryId}:${o.judgeUserId}:${o.criterionId}`,
      eventId: entry.event_id,
      before: before ? { value: Number(before.value), version: String(before.version) } : null,
      after: { value: Number(after.value), version: String(after.version), reason, sectionId },
    });
    await recomputeIn(tx, [sectionId]);
    return { ok: true as const, sectionId };
  });
}
