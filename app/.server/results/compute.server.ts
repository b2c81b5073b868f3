import { sql } from "kysely";

import {
  computeSectionResults,
  type Criterion,
  type JudgeTotal,
  resolveRules,
  type Rules,
  type SectionOutcome,
} from "~/domain/results";

import { ensureSection, roundEntryIds } from "../events/rounds.server";
import { eligibleJudges } from "../judging/eligible-judges.server";
import type { DB } from "../platform/db.server";

/*
 * Results: the judges' scores of a round made into totals, places and awards, stored per section
 * (round × nomination × age group) in `results`. Computing reads each table once per round (not per
 * entry) and replaces a section's rows in one transaction, under the section row's lock, so two
 * computations of a section never interleave. Each judge's weighted total per entry is summed by
 * the database (one row per sheet, not per score). Only the scores of judges who may score an entry
 * (panel members without a conflict, per jury-access) count; the pure rules are app/domain/results.
 */

export const intArray = (ids: readonly number[]) => sql`${[...ids]}::int[]`;

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
  const section = await sectionKey(db, sectionId);
  return section && compute(db, section.roundId, section.only, true);
}

/** A section's round, nomination and age group; null when there is no such section. */
async function sectionKey(db: DB, sectionId: number): Promise<{ roundId: number; only: SectionKey } | null> {
  const section = await db
    .selectFrom("result_sections")
    .select(["round_id", "nomination_id", "age_group_id"])
    .where("id", "=", sectionId)
    .executeTakeFirst();
  if (!section) return null;
  return { roundId: section.round_id, only: { nominationId: section.nomination_id, ageGroupId: section.age_group_id } };
}

interface RoundData {
  rules: Rules;
  /** Section key → its entries' ids. */
  groups: Map<string, SectionKey & { entryIds: number[] }>;
  criteria: Map<number, Criterion[]>;
  /** entry → its eligible judges' totals, by judge id. */
  totals: Map<number, JudgeTotal[]>;
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

  // Each judge's sheet of an entry, summed where the scores are: Σ weight · value over the
  // nomination's criteria, in float8 and in the criteria's order (position, then id) exactly as
  // judgeTotal adds them, so totals are the same to the last bit; how many criteria it scores
  // (complete when all) and its first criterion's value. The sheets come as parallel arrays in one row: 50,000 rows one by
  // one cost several times more in the driver than the query itself.
  const firstCriteria = [...criteria.values()].map((list) => list[0]!.id);
  const sheetsQuery = sql<{
    entry: number[] | null;
    judge: number[] | null;
    nomination: number[] | null;
    total: number[] | null;
    scored: number[] | null;
    first: (number | null)[] | null;
  }>`
    select array_agg(entry_id order by entry_id, judge) as entry, array_agg(judge order by entry_id, judge) as judge,
      array_agg(nomination order by entry_id, judge) as nomination, array_agg(total order by entry_id, judge) as total,
      array_agg(scored order by entry_id, judge) as scored, array_agg(first order by entry_id, judge) as first
    from (
      select s.entry_id, s.judge_user_id as judge, c.nomination_id as nomination, sum(c.weight::float8 * s.value::float8 order by c.position, c.id) as total,
        count(*)::int as scored, min(s.value) filter (where s.criterion_id = any(${intArray(firstCriteria)}))::float8 as first
      from scores s join criteria c on c.id = s.criterion_id
      where s.round_id = ${roundId} ${only ? sql`and s.entry_id = any(${intArray(entries.map((e) => e.id))})` : sql``}
      group by s.entry_id, s.judge_user_id, c.nomination_id
    ) as sheet`;
  const [sheets, eligible, sections, decisions, grandPrix] = await Promise.all([
    sheetsQuery.execute(db).then((r) => r.rows[0]!),
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

  const nominationOf = new Map(entries.map((e) => [e.id, e.nomination_id]));
  const totals = new Map<number, JudgeTotal[]>();
  // array_agg over no rows gives nulls.
  const entry = sheets.entry ?? [];
  for (let i = 0; i < entry.length; i++) {
    const entryId = entry[i]!;
    const judgeId = sheets.judge![i]!;
    const nominationId = sheets.nomination![i]!;
    // Only the entry's own nomination's criteria count, and only judges who may score it.
    if (nominationOf.get(entryId) !== nominationId || !eligible.get(entryId)?.has(judgeId)) continue;
    const complete = sheets.scored![i] === criteria.get(nominationId)?.length;
    let list = totals.get(entryId);
    if (!list) totals.set(entryId, (list = []));
    list.push({
      judgeId,
      total: complete ? sheets.total![i]! : null,
      first: complete ? sheets.first![i]! : null,
    });
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
    totals,
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

/** One section's results from the round's data, in memory: what storing it would write. */
function sectionOutcome(
  data: RoundData,
  sectionId: number,
  group: SectionKey & { entryIds: number[] },
): SectionOutcome {
  const chair = data.chair.get(sectionId);
  const gpKey = keyOf({
    nominationId: group.nominationId,
    ageGroupId: data.rules.grandPrixAcrossAgeGroups ? null : group.ageGroupId,
  });
  return computeSectionResults({
    criteria: data.criteria.get(group.nominationId) ?? [],
    rules: data.rules,
    grandPrix: data.grandPrix.has(gpKey) ? data.grandPrix.get(gpKey) : undefined,
    entries: group.entryIds.map((entryId) => ({
      entryId,
      chairPosition: chair?.get(entryId) ?? null,
      totals: data.totals.get(entryId) ?? [],
    })),
  });
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
  const rows = sectionOutcome(data, sectionId, group).results;
  // Two round trips per section: the lock (which also stamps computed_at), then one statement
  // that upserts the rows and, in the same go, drops the section's rows of entries no longer in
  // it (disjoint keys, so the two never touch the same row). A row whose figures did not change is
  // left as it is (a recomputation after a few new scores writes only what they moved); the
  // section's computed_at says when it was computed. The upsert also moves an entry whose
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
      judge_count = excluded.judge_count, rank = excluded.rank, shared = excluded.shared, award = excluded.award, computed_at = excluded.computed_at
    where (results.section_id, results.total, results.percent, results.judge_count, results.rank, results.shared, results.award)
      is distinct from (excluded.section_id, excluded.total, excluded.percent, excluded.judge_count, excluded.rank, excluded.shared, excluded.award)`.execute(
    tx,
  );
  return rows.length;
}

/** A section's round, the round's data for it and its entries; null when there is no such section. */
async function sectionInputs(db: DB, sectionId: number) {
  const section = await sectionKey(db, sectionId);
  if (!section) return null;
  const { roundId, only } = section;
  const data = await loadRound(db, roundId, only);
  if (!data) return null;
  return { roundId, data, group: data.groups.get(keyOf(only)) ?? { ...only, entryIds: [] } };
}

/**
 * Recomputes sections (locked or not, never published) inside the caller's transaction, so an
 * organiser's decision and the results it leads to are committed together.
 */
export async function recomputeIn(tx: DB, sectionIds: readonly number[]): Promise<void> {
  for (const sectionId of sectionIds) {
    const inputs = await sectionInputs(tx, sectionId);
    if (inputs) await storeSection(tx, inputs.data, inputs.roundId, sectionId, inputs.group, true);
  }
}

/**
 * A section's results as computing it now would store them, without storing anything: for a page
 * (a GET) that shows current results but must not write. Null when there is no such section.
 */
export async function sectionResultsNow(db: DB, sectionId: number): Promise<SectionOutcome["results"] | null> {
  const inputs = await sectionInputs(db, sectionId);
  return inputs ? sectionOutcome(inputs.data, sectionId, inputs.group).results : null;
}

/**
 * Whether a section's stored results lag behind its scores: never computed, or a score of its
 * entries changed after they were computed.
 */
export async function sectionIsStale(db: DB, sectionId: number): Promise<boolean> {
  const row = await db
    .selectFrom("result_sections as rs")
    .leftJoin("entries as e", (join) =>
      join
        .onRef("e.nomination_id", "=", "rs.nomination_id")
        .on(sql<boolean>`e.age_group_id is not distinct from rs.age_group_id`),
    )
    .leftJoin("scores as s", (join) => join.onRef("s.entry_id", "=", "e.id").onRef("s.round_id", "=", "rs.round_id"))
    .select(["rs.computed_at", sql<Date | null>`max(s.updated_at)`.as("last_score")])
    .where("rs.id", "=", sectionId)
    .groupBy("rs.computed_at")
    .executeTakeFirst();
  if (!row) return false;
  return row.computed_at === null || (row.last_score !== null && new Date(row.last_score) > row.computed_at);
}
